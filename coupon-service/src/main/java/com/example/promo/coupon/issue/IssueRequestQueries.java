package com.example.promo.coupon.issue;

import java.util.Optional;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.issue.BatchIssueWriter.Written;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads of issue requests; another user's are not found. */
@Service
public class IssueRequestQueries {

	private final IssuedCouponRepository issuedCoupons;

	private final IssueRequestRepository issueRequests;

	private final Issuing<CouponIssueRequested, Written> issuing;

	IssueRequestQueries(IssuedCouponRepository issuedCoupons, IssueRequestRepository issueRequests,
			Issuing<CouponIssueRequested, Written> issuing) {
		this.issuedCoupons = issuedCoupons;
		this.issueRequests = issueRequests;
		this.issuing = issuing;
	}

	/**
	 * Where a request stands: its recorded v2/v3 outcome, the coupon it issued (any
	 * strategy, with an idempotency key), PENDING while queued, or the gate's refusal of
	 * a v3 request whose key was pressed again while it was in flight.
	 * @param requestId the request id
	 * @return the status, or empty if the request id is unknown
	 */
	@Transactional(readOnly = true)
	public Optional<RequestStatus> find(String requestId) {
		Optional<IssueRequest> processed = this.issueRequests.findById(requestId);
		if (processed.isPresent()) {
			IssueRequest request = processed.get();
			IssuedCoupon coupon = (request.getIssuedCouponId() != null)
					? this.issuedCoupons.findById(request.getIssuedCouponId()).orElseThrow() : null;
			return Optional.of(new RequestStatus(requestId, request.getCouponId(), request.getUserId(),
					(coupon != null) ? RequestOutcome.SUCCEEDED : RequestOutcome.REJECTED, coupon,
					request.getReason()));
		}
		Optional<IssuedCoupon> issued = this.issuedCoupons.findByRequestId(requestId);
		if (issued.isPresent()) {
			return issued.map((coupon) -> new RequestStatus(requestId, coupon.getCouponId(), coupon.getUserId(),
					RequestOutcome.SUCCEEDED, coupon, null));
		}
		return this.issuing.pending(requestId)
			.map((marker) -> new RequestStatus(requestId, Long.parseLong(marker.resourceId()), marker.holderId(),
					(marker.refusal() != null) ? RequestOutcome.REJECTED : RequestOutcome.PENDING, null,
					(marker.refusal() != null) ? CouponErrorCode.of(marker.refusal()) : null));
	}

	/**
	 * {@link #find} for the requester only.
	 * @param requestId the request id
	 * @param userId the requester
	 * @return the status
	 * @throws DomainException ISSUE_REQUEST_NOT_FOUND if unknown or someone else's
	 */
	@Transactional(readOnly = true)
	public RequestStatus request(String requestId, String userId) {
		return find(requestId).filter((status) -> status.userId().equals(userId))
			.orElseThrow(() -> new DomainException(CouponErrorCode.ISSUE_REQUEST_NOT_FOUND,
					"No issue request " + requestId + " of yours."));
	}

	/**
	 * Where an issue request stands.
	 *
	 * @param requestId the request id
	 * @param couponId the policy
	 * @param userId the requester
	 * @param state PENDING, SUCCEEDED (a coupon was issued: the API says ISSUED) or
	 * REJECTED
	 * @param coupon the issued coupon when ISSUED
	 * @param reason the refusal when REJECTED
	 */
	public record RequestStatus(String requestId, long couponId, String userId, RequestOutcome state,
			IssuedCoupon coupon, ErrorCode reason) {

	}

}
