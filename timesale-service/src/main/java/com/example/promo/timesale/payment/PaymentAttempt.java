package com.example.promo.timesale.payment;

/**
 * A row of the saga log {@code payment_attempt} (V2): one pay of one order.
 *
 * @param orderId the order
 * @param attempt 1, 2, … per order
 * @param userId the buyer
 * @param paymentRef the orderId the callees see
 * @param issuedCouponId the coupon, or null
 * @param points points asked for, ≥ 0
 * @param state STARTED, PAID, FAILED, COMPENSATING or COMPENSATED
 * @param couponPending whether undoing the coupon is still owed
 * @param pointsPending whether undoing the points is still owed
 * @param compensationTries failed rounds of compensation so far
 */
record PaymentAttempt(long orderId, int attempt, String userId, String paymentRef, Long issuedCouponId, long points,
		String state, boolean couponPending, boolean pointsPending, int compensationTries) {

	/**
	 * @param orderId the order
	 * @param attempt its attempt number
	 * @return the orderId coupon-service and point-service see: the order id for the
	 * first attempt, {@code <orderId>-<attempt>} after (a cancelled orderId is refused
	 * forever by point-service)
	 */
	static String refOf(long orderId, int attempt) {
		return (attempt == 1) ? Long.toString(orderId) : orderId + "-" + attempt;
	}

}
