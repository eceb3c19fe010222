package com.example.promo.coupon.redeem;

/**
 * Body of {@code POST /api/coupons/issued/{issuedCouponId}/cancel-redemption}.
 *
 * @param orderId the cancelled order ({@link OrderId}); must be the one the coupon is
 * redeemed for
 */
public record CancelRedemptionRequest(@OrderId String orderId) {
}
