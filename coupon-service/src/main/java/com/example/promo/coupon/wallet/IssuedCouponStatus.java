package com.example.promo.coupon.wallet;

/**
 * Life of an issued coupon: ISSUED → USED → (cancel) ISSUED; EXPIRED once past expiry.
 */
public enum IssuedCouponStatus {

	/** Usable until it expires. */
	ISSUED,

	/** Redeemed for an order. */
	USED,

	/** Not redeemed before its expiry; derived from {@code expiresAt}, never stored. */
	EXPIRED

}
