package com.example.promo.coupon.redeem;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/coupons/issued/{issuedCouponId}/redeem}.
 *
 * @param orderId the order ({@link OrderId}); the idempotency key of the redemption
 * @param orderAmount the order amount in KRW, 1 to {@value #MAX_ORDER_AMOUNT}
 */
public record RedeemRequest(@OrderId String orderId, @NotNull @Positive @Max(MAX_ORDER_AMOUNT) Long orderAmount) {

	/**
	 * The largest order a coupon is redeemed against: one trillion KRW, far above any
	 * real basket, so anything larger is a client error rather than an order.
	 */
	public static final long MAX_ORDER_AMOUNT = 1_000_000_000_000L;

}
