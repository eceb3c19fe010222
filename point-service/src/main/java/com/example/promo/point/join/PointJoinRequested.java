package com.example.promo.point.join;

import java.time.Instant;

import com.example.promo.common.issuing.QueuedRequest;

/**
 * Kafka event on {@value #TOPIC} (key: promotion id, so one promotion's requests stay in
 * order on one partition): a user was admitted by the join gate and awaits the database
 * write. Also what v2's group commit writes.
 *
 * @param requestId event id and idempotency key of the write (UUID)
 * @param promotionId the promotion
 * @param userId the user (JWT subject)
 * @param period the business day the gate counted it in ({@code 2026-11-23}) for a
 * once-per-day promotion, else {@code ""}
 * @param gateEpoch the gate generation that admitted it, for releasing the admission if
 * the database refuses
 * @param requestedAt when the request was accepted
 */
public record PointJoinRequested(String requestId, long promotionId, String userId, String period, String gateEpoch,
		Instant requestedAt) implements QueuedRequest {

	/** The topic. */
	public static final String TOPIC = "point.join.requested";

	/**
	 * A request as published; a missing {@code period} (an older or hand-made record)
	 * reads as {@code ""}, no period.
	 */
	public PointJoinRequested {
		period = (period != null) ? period : "";
	}

	@Override
	public String resourceId() {
		return Long.toString(this.promotionId);
	}

	@Override
	public String holderId() {
		return this.userId;
	}

	/**
	 * @return 1: one join per request
	 */
	@Override
	public int units() {
		return 1;
	}

}
