package com.example.promo.coupon.issue;

import java.util.Optional;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads of a user's own coupons and issue requests; another user's are not found. */
@Service
public class IssuedCouponQueries {

	private final IssuedCouponRepository issuedCoupons;

	private final IssueRequestRepository issueRequests;

	private final IssueQueue queue;

	IssuedCouponQueries(IssuedCouponRepository issuedCoupons, IssueRequestRepository issueRequests, IssueQueue queue) {
		this.issuedCoupons = issuedCoupons;
		this.issueRequests = issueRequests;
		this.queue = queue;
	}

	/**
	 * @param userId the owner
	 * @param pageable page, size and order
	 * @return the owner's coupons
	 */
	@Transactional(readOnly = true)
	public Page<IssuedCoupon> mine(String userId, Pageable pageable) {
		return this.issuedCoupons.findByUserId(userId, pageable);
	}

	/**
	 * @param issuedCouponId the issued coupon
	 * @param userId the owner
	 * @return the coupon
	 * @throws DomainException ISSUED_COUPON_NOT_FOUND if absent or someone else's
	 */
	@Transactional(readOnly = true)
	public IssuedCoupon mine(long issuedCouponId, String userId) {
		return this.issuedCoupons.findByIdAndUserId(issuedCouponId, userId)
			.orElseThrow(() -> new DomainException(CouponErrorCode.ISSUED_COUPON_NOT_FOUND,
					"No issued coupon " + issuedCouponId + " of yours."));
	}

	/**
	 * Where a request stands: its recorded v3 outcome, the coupon it issued (any
	 * strategy, with an idempotency key), or PENDING while queued.
	 * @param requestId the request id
	 * @param userId the requester
	 * @return the status
	 * @throws DomainException ISSUE_REQUEST_NOT_FOUND if unknown or someone else's
	 */
	@Transactional(readOnly = true)
	public RequestStatus request(String requestId, String userId) {
		Optional<IssueRequest> processed = this.issueRequests.findById(requestId)
			.filter((request) -> request.getUserId().equals(userId));
		if (processed.isPresent()) {
			IssueRequest request = processed.get();
			IssuedCoupon coupon = (request.getIssuedCouponId() != null)
					? this.issuedCoupons.findById(request.getIssuedCouponId()).orElseThrow() : null;
			return new RequestStatus(requestId, request.getCouponId(),
					(coupon != null) ? RequestStatus.State.ISSUED : RequestStatus.State.REJECTED, coupon,
					request.getReason());
		}
		Optional<IssuedCoupon> issued = this.issuedCoupons.findByRequestId(requestId)
			.filter((coupon) -> coupon.getUserId().equals(userId));
		if (issued.isPresent()) {
			return new RequestStatus(requestId, issued.get().getCouponId(), RequestStatus.State.ISSUED, issued.get(),
					null);
		}
		return this.queue.pending(requestId)
			.filter((marker) -> marker.substring(marker.indexOf(':') + 1).equals(userId))
			.map((marker) -> new RequestStatus(requestId, Long.parseLong(marker.substring(0, marker.indexOf(':'))),
					RequestStatus.State.PENDING, null, null))
			.orElseThrow(() -> new DomainException(CouponErrorCode.ISSUE_REQUEST_NOT_FOUND,
					"No issue request " + requestId + " of yours."));
	}

	/**
	 * Where an issue request stands.
	 *
	 * @param requestId the request id
	 * @param couponId the policy
	 * @param state PENDING, ISSUED or REJECTED
	 * @param coupon the issued coupon when ISSUED
	 * @param reason the refusal when REJECTED
	 */
	public record RequestStatus(String requestId, long couponId, State state, IssuedCoupon coupon,
			CouponErrorCode reason) {

		/** States of a request. */
		public enum State {

			/** Queued, not yet written. */
			PENDING,

			/** A coupon was issued. */
			ISSUED,

			/** The database refused it. */
			REJECTED

		}

	}

}
