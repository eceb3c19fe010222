package com.example.promo.coupon.issue;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.coupon.wallet.IssuedCoupon;

/**
 * What an issue request came to, and which strategy actually served it (the
 * {@code X-Strategy} response header).
 */
public sealed interface IssueResult {

	/**
	 * @return the strategy that served the request
	 */
	IssueStrategy servedBy();

	/**
	 * Issued synchronously (v1, v2, or a replayed key): 201.
	 *
	 * @param coupon the issued coupon
	 * @param servedBy the strategy that served it
	 */
	record Issued(IssuedCoupon coupon, IssueStrategy servedBy) implements IssueResult {
	}

	/**
	 * Accepted into the queue (v3): 202, poll {@code /api/coupons/requests/{requestId}}.
	 *
	 * @param requestId the request id (UUID)
	 * @param servedBy always v3
	 */
	record Queued(String requestId, IssueStrategy servedBy) implements IssueResult {
	}

}
