package com.example.promo.coupon.redeem;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * Body of {@code POST /api/coupons/issued/{issuedCouponId}/redeem}.
 *
 * @param orderId the order ({@link OrderId}); the idempotency key of the redemption
 * @param orderAmount the order amount in KRW, positive
 */
public record RedeemRequest(@OrderId String orderId, @NotNull @Positive Long orderAmount) {
}
