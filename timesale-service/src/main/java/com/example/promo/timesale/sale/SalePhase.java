package com.example.promo.timesale.sale;

/**
 * A time sale's status as clients see it, derived from the stored {@link SaleStatus}, the
 * window and the stock, in this order: stored PAUSED → {@code PAUSED}; stored ENDED or
 * past {@code endsAt} → {@code ENDED}; before {@code startsAt} → {@code UPCOMING}; no
 * unit left (every one held or sold) → {@code SOLD_OUT}; else {@code LIVE}.
 */
public enum SalePhase {

	/** ACTIVE, before its window. */
	UPCOMING,

	/** ACTIVE, inside its window, units left: orders are taken. */
	LIVE,

	/** Switched off by an admin. */
	PAUSED,

	/** ACTIVE, inside its window, every unit held or sold (held units may come back). */
	SOLD_OUT,

	/** Ended by an admin or past its window. */
	ENDED

}
