package com.example.promo.timesale.order;

import com.example.promo.common.issuing.IssueStrategy;

/**
 * What an order request came to, and which strategy actually served it (the
 * {@code X-Strategy} response header).
 */
public sealed interface OrderResult {

	/**
	 * @return the strategy that served the request
	 */
	IssueStrategy servedBy();

	/**
	 * Placed synchronously (v1, v2, or a replayed key): 201.
	 *
	 * @param order the HELD order
	 * @param servedBy the strategy that served it
	 */
	record Placed(OrderView order, IssueStrategy servedBy) implements OrderResult {
	}

	/**
	 * In the sale's waiting room (v3): 202, poll
	 * {@code /api/timesales/requests/{requestId}}.
	 *
	 * @param requestId the request id (UUID)
	 * @param position buyers ahead of it in the sale's queue (0 = next)
	 */
	record Queued(String requestId, long position) implements OrderResult {

		@Override
		public IssueStrategy servedBy() {
			return IssueStrategy.V3;
		}

	}

}
