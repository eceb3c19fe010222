package com.example.promo.common.issuing;

import java.util.Collection;
import java.util.Set;

import com.example.promo.common.error.ErrorCode;

/**
 * The service's outcome table, as the kit needs it outside the batch writer: deciding a
 * request REJECTED from outside the consumer (dead-lettered, publish never delivered)
 * unless it is decided already — the table's primary key (the request id) makes the first
 * decision final — and telling which requests are decided (reconciliation).
 */
public interface OutcomeRecorder {

	/**
	 * @param request the request
	 * @param reason {@code PUBLISH_FAILED} or {@code PROCESSING_FAILED}
	 * @return {@code true} if this call decided it, {@code false} if it was decided
	 * before
	 */
	boolean rejectIfUndecided(QueuedRequest request, ErrorCode reason);

	/**
	 * @param requestIds request ids
	 * @return those of them that have an outcome
	 */
	Set<String> decided(Collection<String> requestIds);

}
