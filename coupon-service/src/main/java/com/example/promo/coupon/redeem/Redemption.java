package com.example.promo.coupon.redeem;

import java.time.Instant;

/**
 * A redeemed coupon and what it took off the order. Amounts in KRW.
 *
 * @param issuedCouponId the issued coupon
 * @param couponId its policy
 * @param orderId the order
 * @param orderAmount the order amount before the discount
 * @param discountAmount the discount
 * @param payableAmount {@code orderAmount - discountAmount}
 * @param redeemedAt when redeemed
 */
public record Redemption(long issuedCouponId, long couponId, String orderId, long orderAmount, long discountAmount,
		long payableAmount, Instant redeemedAt) {
}
