package com.example.promo.timesale.sale;

/** A time sale's switch, as an admin stored it (the kill switch). */
public enum SaleStatus {

	/** Orders are taken within the window while stock lasts. */
	ACTIVE,

	/** The kill switch: no orders, whatever the strategy, until switched back on. */
	PAUSED,

	/** Over for good (also implied once {@code endsAt} has passed): no orders. */
	ENDED

}
