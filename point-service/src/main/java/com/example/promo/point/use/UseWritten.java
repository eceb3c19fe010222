package com.example.promo.point.use;

import java.time.Instant;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.common.issuing.WriteOutcome;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.request.PointRequest;
import com.example.promo.point.request.RequestKind;

/**
 * What {@link BatchUseWriter} decided for one request of a batch.
 *
 * @param outcome what {@code point_request} records for it
 * @param use the use written now (with its lots), or the use of that order written before
 * (a replay; without its lots), or {@code null} when refused
 * @param replayed whether the order had a use already: nothing was spent now; recorded
 * DONE (same amount) or REJECTED {@code IDEMPOTENCY_KEY_REUSED}
 * @param reopened whether this replaced a {@code PROCESSING_FAILED} outcome (a replayed
 * dead letter, whose admission was already given back)
 */
public record UseWritten(PointRequest outcome, PointUse use, boolean replayed,
		boolean reopened) implements WriteOutcome {

	@Override
	public String requestId() {
		return this.outcome.requestId();
	}

	/**
	 * @return the database's refusal; for a replay {@code IDEMPOTENCY_KEY_REUSED} even if
	 * recorded DONE, so the kit gives back the points the gate took for it (nothing new
	 * was spent)
	 */
	@Override
	public ErrorCode refusal() {
		return this.replayed ? PointErrorCode.IDEMPOTENCY_KEY_REUSED : this.outcome.reason();
	}

	static UseWritten used(PointUseRequested request, PointUse use, Instant now) {
		return new UseWritten(outcome(request, RequestOutcome.SUCCEEDED, null, use.useId(), now), use, false, false);
	}

	static UseWritten replayed(PointUseRequested request, PointUse existing, Instant now) {
		boolean same = existing.amount() == request.amount();
		return new UseWritten(
				same ? outcome(request, RequestOutcome.SUCCEEDED, null, existing.useId(), now)
						: outcome(request, RequestOutcome.REJECTED, PointErrorCode.IDEMPOTENCY_KEY_REUSED, null, now),
				existing, true, false);
	}

	static UseWritten rejected(PointUseRequested request, PointErrorCode reason, Instant now) {
		return new UseWritten(outcome(request, RequestOutcome.REJECTED, reason, null, now), null, false, false);
	}

	UseWritten asReopened() {
		return new UseWritten(this.outcome, this.use, this.replayed, true);
	}

	private static PointRequest outcome(PointUseRequested request, RequestOutcome outcome, PointErrorCode reason,
			Long useId, Instant now) {
		return new PointRequest(request.requestId(), RequestKind.USE, request.userId(), request.userId(), outcome,
				reason, useId, request.requestedAt(), now);
	}

}
