package com.example.promo.coupon.policy;

/** An admin's switch over a coupon policy; only ACTIVE issues anything. */
public enum CouponStatus {

	/** Issues within its window. */
	ACTIVE,

	/** Kill switch: issues nothing until set ACTIVE again. */
	PAUSED,

	/** Closed for good by an admin; issues nothing. */
	ENDED

}
