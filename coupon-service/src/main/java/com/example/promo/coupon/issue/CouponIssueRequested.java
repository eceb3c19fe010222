package com.example.promo.coupon.issue;

import java.time.Instant;

import com.example.promo.common.issuing.QueuedRequest;

/**
 * Kafka event on {@code coupon.issue.requested} (key: coupon id, so one coupon's requests
 * stay in order on one partition): a user was admitted by the gate and awaits the
 * database write. Also what v2's group commit writes.
 *
 * @param requestId event id and idempotency key of the write (UUID)
 * @param couponId the policy
 * @param userId the user (JWT subject)
 * @param gateEpoch the gate generation that admitted it, for releasing the admission if
 * the database refuses
 * @param requestedAt when the request was accepted
 */
public record CouponIssueRequested(String requestId, long couponId, String userId, String gateEpoch,
		Instant requestedAt) implements QueuedRequest {

	/** The topic. */
	public static final String TOPIC = "coupon.issue.requested";

	@Override
	public String resourceId() {
		return Long.toString(this.couponId);
	}

	@Override
	public String holderId() {
		return this.userId;
	}

	/**
	 * @return 1: one coupon per request
	 */
	@Override
	public int units() {
		return 1;
	}

}
