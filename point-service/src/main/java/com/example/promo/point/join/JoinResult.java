package com.example.promo.point.join;

import com.example.promo.common.issuing.IssueStrategy;

/**
 * What a join request came to, and which strategy actually served it (the
 * {@code X-Strategy} response header).
 */
public sealed interface JoinResult {

	/**
	 * @return the strategy that served the request
	 */
	IssueStrategy servedBy();

	/**
	 * Joined synchronously (v1, v2, or a replayed key): 201.
	 *
	 * @param join the join
	 * @param servedBy the strategy that served it
	 */
	record Joined(Join join, IssueStrategy servedBy) implements JoinResult {
	}

	/**
	 * Accepted into the queue (v3): 202, poll {@code /api/points/requests/{requestId}}.
	 *
	 * @param requestId the request id (UUID)
	 */
	record Queued(String requestId) implements JoinResult {

		@Override
		public IssueStrategy servedBy() {
			return IssueStrategy.V3;
		}

	}

}
