package com.example.promo.timesale.payment;

/**
 * A pay as the saga takes it.
 *
 * @param orderId the order
 * @param userId the caller (JWT subject)
 * @param authorization the caller's {@code Authorization} header, relayed to the callees
 * @param issuedCouponId the caller's issued coupon, or null
 * @param points points to spend, ≥ 0
 * @param idempotencyKey the {@code Idempotency-Key}, or null
 */
public record PayCommand(long orderId, String userId, String authorization, Long issuedCouponId, long points,
		String idempotencyKey) {

	String fingerprint() {
		return "order=" + this.orderId + ";coupon=" + ((this.issuedCouponId != null) ? this.issuedCouponId : "-")
				+ ";points=" + this.points;
	}

}
