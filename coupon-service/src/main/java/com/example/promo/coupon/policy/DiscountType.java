package com.example.promo.coupon.policy;

/** How a coupon's discount is computed. */
public enum DiscountType {

	/** A fixed amount off, in KRW. */
	FIXED,

	/** A percentage (1–100) of the order amount, optionally capped. */
	PERCENT

}
