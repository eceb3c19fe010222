package com.example.promo.common.issuing;

import com.example.promo.common.error.ErrorCode;

/**
 * One request's outcome as the service's batch writer wrote it.
 */
public interface WriteOutcome {

	/**
	 * @return the request id
	 */
	String requestId();

	/**
	 * @return the database's refusal, or {@code null} if the write succeeded
	 */
	ErrorCode refusal();

	/**
	 * @return whether this replaced a {@code PROCESSING_FAILED} outcome (a replayed dead
	 * letter, whose admission was already given back)
	 */
	default boolean reopened() {
		return false;
	}

}
