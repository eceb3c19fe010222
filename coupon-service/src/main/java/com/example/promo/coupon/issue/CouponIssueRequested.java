package com.example.promo.coupon.issue;

import java.time.Instant;

/**
 * Kafka event on {@code coupon.issue.requested} (key: coupon id, so one coupon's requests
 * stay in order on one partition): a user was admitted by the Redis gate and awaits the
 * database write.
 *
 * @param requestId event id and idempotency key of the write (UUID)
 * @param couponId the policy
 * @param userId the user (JWT subject)
 * @param gateEpoch the gate generation that admitted it, for releasing the admission if
 * the database refuses
 * @param requestedAt when the request was accepted
 */
public record CouponIssueRequested(String requestId, long couponId, String userId, String gateEpoch,
		Instant requestedAt) {

	/** The topic. */
	public static final String TOPIC = "coupon.issue.requested";

	/** The dead-letter topic, written by the shared Kafka error handler. */
	public static final String DEAD_LETTER_TOPIC = TOPIC + ".DLT";

}
