package com.example.promo.point.use;

import com.example.promo.common.issuing.IssueStrategy;

/**
 * What a use request came to, and which strategy actually served it (the
 * {@code X-Strategy} response header).
 */
public sealed interface UseResult {

	/**
	 * @return the strategy that served the request
	 */
	IssueStrategy servedBy();

	/**
	 * Spent synchronously (v1, v2), or a replay of the order's first use: 201.
	 *
	 * @param use the use
	 * @param servedBy the strategy that served it (a replay: the first one's)
	 */
	record Used(PointUse use, IssueStrategy servedBy) implements UseResult {
	}

	/**
	 * Accepted into the queue (v3): 202, poll {@code /api/points/requests/{requestId}}.
	 *
	 * @param requestId the request id (UUID)
	 * @param servedBy always v3
	 */
	record Queued(String requestId, IssueStrategy servedBy) implements UseResult {
	}

}
