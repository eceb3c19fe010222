package com.example.promo.point.use;

import java.time.Instant;

import com.example.promo.common.issuing.QueuedRequest;

/**
 * Kafka event on {@value #TOPIC} (key: the user id, so one account's requests stay in
 * order on one partition): a use admitted by the account's gate, awaiting its database
 * write. Also what v2's group commit writes.
 *
 * @param requestId event id and idempotency key of the write:
 * {@code RequestIds.of(userId, "use:" + orderId)}
 * @param userId the account and the requester (JWT subject)
 * @param orderId the order paid for
 * @param amount points to spend (1 to 1,000,000,000)
 * @param gateEpoch the gate generation that admitted it
 * @param requestedAt when the request was accepted
 */
public record PointUseRequested(String requestId, String userId, String orderId, long amount, String gateEpoch,
		Instant requestedAt) implements QueuedRequest {

	/** The topic. */
	public static final String TOPIC = "point.use.requested";

	/**
	 * @return the user id: the account is the gated resource
	 */
	@Override
	public String resourceId() {
		return this.userId;
	}

	@Override
	public String holderId() {
		return this.userId;
	}

	/**
	 * @return the amount: the gate counts points
	 */
	@Override
	public int units() {
		return Math.toIntExact(this.amount);
	}

}
