package com.example.promo.coupon.wallet.web;

import java.time.Instant;

import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponStatus;

/**
 * An issued coupon as its owner sees it. Amounts in KRW.
 *
 * @param id issued coupon id
 * @param couponId the policy
 * @param userId the owner
 * @param status ISSUED, USED or EXPIRED
 * @param issuedAt when issued
 * @param expiresAt when it stops being usable
 * @param orderId the order it was redeemed for, when USED
 * @param discountAmount the discount granted, when USED
 * @param redeemedAt when redeemed, when USED
 */
public record IssuedCouponResponse(long id, long couponId, String userId, IssuedCouponStatus status, Instant issuedAt,
		Instant expiresAt, String orderId, Long discountAmount, Instant redeemedAt) {

	/**
	 * @param coupon the issued coupon
	 * @param now the moment of the read, to tell EXPIRED
	 * @return the response
	 */
	public static IssuedCouponResponse of(IssuedCoupon coupon, Instant now) {
		return new IssuedCouponResponse(coupon.getId(), coupon.getCouponId(), coupon.getUserId(), coupon.statusAt(now),
				coupon.getIssuedAt(), coupon.getExpiresAt(), coupon.getOrderId(), coupon.getDiscountAmount(),
				coupon.getRedeemedAt());
	}

}
