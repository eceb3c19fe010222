package com.example.promo.coupon.issue;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.wallet.IssuedCoupon;

/**
 * The outcome of one batched (v2, v3) issue request, written in the same transaction as
 * the coupon it issued. Its primary key, the request id, makes a redelivered message a
 * no-op. A request with no row yet is PENDING.
 */
@Entity
@Table(name = "issue_request")
public class IssueRequest {

	@Id
	private String requestId;

	private long couponId;

	private String userId;

	/**
	 * {@code ISSUED} or {@code REJECTED} in the column (DESIGN.md names coupons' success
	 * state ISSUED).
	 */
	private String status;

	private String reason;

	private Long issuedCouponId;

	private Instant requestedAt;

	private Instant processedAt;

	protected IssueRequest() {
	}

	private IssueRequest(CouponIssueRequested request, RequestOutcome outcome, ErrorCode reason, Long issuedCouponId,
			Instant now) {
		this.requestId = request.requestId();
		this.couponId = request.couponId();
		this.userId = request.userId();
		this.status = statusName(outcome);
		this.reason = (reason != null) ? reason.name() : null;
		this.issuedCouponId = issuedCouponId;
		this.requestedAt = request.requestedAt();
		this.processedAt = now;
	}

	static IssueRequest issued(CouponIssueRequested request, IssuedCoupon coupon, Instant now) {
		return new IssueRequest(request, RequestOutcome.SUCCEEDED, null, coupon.getId(), now);
	}

	static IssueRequest rejected(CouponIssueRequested request, ErrorCode reason, Instant now) {
		return new IssueRequest(request, RequestOutcome.REJECTED, reason, null, now);
	}

	public String getRequestId() {
		return this.requestId;
	}

	public long getCouponId() {
		return this.couponId;
	}

	public String getUserId() {
		return this.userId;
	}

	/**
	 * @return SUCCEEDED (a coupon was issued, {@code issuedCouponId}) or REJECTED
	 * ({@code reason}; the admission was released)
	 */
	public RequestOutcome getOutcome() {
		return "ISSUED".equals(this.status) ? RequestOutcome.SUCCEEDED : RequestOutcome.REJECTED;
	}

	/**
	 * Coupons' name of an outcome, in the {@code status} column and in the API: the kit's
	 * SUCCEEDED is {@code ISSUED} (DESIGN.md §3).
	 * @param outcome an outcome
	 * @return {@code PENDING}, {@code ISSUED} or {@code REJECTED}
	 */
	public static String statusName(RequestOutcome outcome) {
		return (outcome == RequestOutcome.SUCCEEDED) ? "ISSUED" : outcome.name();
	}

	/**
	 * @return the refusal when REJECTED (a coupon code or the issuing kit's), else
	 * {@code null}
	 */
	public ErrorCode getReason() {
		return (this.reason != null) ? CouponErrorCode.of(this.reason) : null;
	}

	public Long getIssuedCouponId() {
		return this.issuedCouponId;
	}

	public Instant getRequestedAt() {
		return this.requestedAt;
	}

	public Instant getProcessedAt() {
		return this.processedAt;
	}

}
