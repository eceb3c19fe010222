package com.example.promo.coupon.issue.web;

import com.example.promo.coupon.wallet.web.IssuedCouponResponse;

/**
 * Where an issue request stands.
 *
 * @param requestId the request id
 * @param couponId the policy
 * @param status PENDING, ISSUED or REJECTED
 * @param coupon the issued coupon when ISSUED, else null
 * @param reason the refusal code when REJECTED (e.g. COUPON_SOLD_OUT, PUBLISH_FAILED),
 * else null
 */
record IssueRequestResponse(String requestId, long couponId, String status, IssuedCouponResponse coupon,
		String reason) {
}
