package com.example.promo.point.join;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.WriteOutcome;

/**
 * The outcome of one join request of a batch, as {@link BatchJoinWriter} wrote it.
 *
 * @param requestId the request id
 * @param refusal the database's refusal, or {@code null} if joined
 * @param join the join with its reward lot, or {@code null} when refused
 * @param reopened whether this replaced a {@code PROCESSING_FAILED} outcome (a replayed
 * dead letter, whose admission was already given back)
 */
public record JoinWritten(String requestId, ErrorCode refusal, Join join, boolean reopened) implements WriteOutcome {
}
