package com.example.promo.point.request;

import java.time.Instant;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.RequestOutcome;

/**
 * The outcome of one batched (v2, v3) use or join request, a row of
 * {@code point_request}, written in the same transaction as its effect (or as the kit's
 * rejection). No row yet: PENDING.
 *
 * @param requestId the request id (UUID)
 * @param kind use or join
 * @param resourceId the account (user id) of a use, the promotion id of a join
 * @param userId the requester
 * @param outcome SUCCEEDED (the API says {@code DONE}) or REJECTED
 * @param reason the refusal when REJECTED, else {@code null}
 * @param effectId the use id or the join id when SUCCEEDED, else {@code null}
 * @param requestedAt when the request was accepted
 * @param processedAt when it was decided
 */
public record PointRequest(String requestId, RequestKind kind, String resourceId, String userId, RequestOutcome outcome,
		ErrorCode reason, Long effectId, Instant requestedAt, Instant processedAt) {

	/**
	 * point-service's name of an outcome, in the {@code status} column and the API: the
	 * kit's SUCCEEDED is {@code DONE} (DESIGN.md §3).
	 * @param outcome an outcome
	 * @return {@code PENDING}, {@code DONE} or {@code REJECTED}
	 */
	public static String statusName(RequestOutcome outcome) {
		return (outcome == RequestOutcome.SUCCEEDED) ? "DONE" : outcome.name();
	}

}
