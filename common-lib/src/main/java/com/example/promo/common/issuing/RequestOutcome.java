package com.example.promo.common.issuing;

/**
 * Where a queued (v3) request stands, in the kit's terms (DESIGN.md §3); each service
 * names the success state in its API (coupon {@code ISSUED}, point {@code DONE}, time
 * sale {@code HELD}).
 */
public enum RequestOutcome {

	/** Queued, not yet decided. */
	PENDING,

	/** Written: the service's success state. */
	SUCCEEDED,

	/** Refused or failed, with a reason code; its admission was released. */
	REJECTED

}
