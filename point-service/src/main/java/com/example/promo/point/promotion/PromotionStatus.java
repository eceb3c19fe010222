package com.example.promo.point.promotion;

/** A reward promotion's switch, set by an admin. */
public enum PromotionStatus {

	/** Joins are taken within the window. */
	ACTIVE,

	/** The kill switch: no joins, whatever the strategy, until switched back on. */
	PAUSED,

	/** Over for good: no joins. */
	ENDED

}
