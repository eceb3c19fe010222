package com.example.promo.common.issuing;

/**
 * Why a gate (or the database behind it) refuses a request, in the kit's terms; each
 * service maps these to and from its own error codes ({@link IssuingResource}).
 */
public enum GateRefusal {

	/** No stock left. */
	SOLD_OUT,

	/** The holder is at the per-holder (lifetime) limit. */
	HOLDER_LIMIT,

	/** The holder is at the per-period limit (e.g. once a business day). */
	PERIOD_LIMIT,

	/** Paused, ended, or outside the window. */
	NOT_OPEN,

	/** No such resource. */
	NOT_FOUND

}
