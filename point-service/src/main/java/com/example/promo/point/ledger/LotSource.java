package com.example.promo.point.ledger;

/** What earned a lot (its {@code source_ref} names the particular one). */
public enum LotSource {

	/** An admin grant; ref = its {@code sourceId}. */
	GRANT,

	/** A reward promotion's join; ref = the join's request id. */
	PROMOTION,

	/** A paid time-sale order; ref = the order id. */
	PURCHASE_REWARD,

	/** What a cancelled use gave back to lots that had expired; ref = the use id. */
	RESTORED

}
