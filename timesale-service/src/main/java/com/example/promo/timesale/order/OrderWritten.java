package com.example.promo.timesale.order;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.WriteOutcome;

/**
 * The outcome of one order request of a batch, as {@link BatchOrderWriter} wrote it.
 *
 * @param requestId the request id
 * @param refusal the database's refusal, or {@code null} if the order was placed
 * @param order the HELD order, or {@code null} when refused
 * @param reopened whether this replaced a {@code PROCESSING_FAILED} outcome (a replayed
 * dead letter, whose admission was already given back)
 */
public record OrderWritten(String requestId, ErrorCode refusal, OrderView order,
		boolean reopened) implements WriteOutcome {
}
