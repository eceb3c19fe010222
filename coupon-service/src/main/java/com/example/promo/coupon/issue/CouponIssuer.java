package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.persistence.EntityManager;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyRepository;
import com.example.promo.coupon.policy.CouponPolicyService;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database write of an issue, shared by all three strategies, so the same guards
 * decide whatever served the request:
 * <ol>
 * <li>the user's units of this policy are counted; at the per-user limit →
 * {@code ALREADY_ISSUED};</li>
 * <li>the policy's conditional update takes a unit (ACTIVE, in window, not sold out) and
 * row-locks the policy until commit; 0 rows → {@code COUPON_SOLD_OUT} or
 * {@code COUPON_NOT_OPEN};</li>
 * <li>the coupon row is inserted as the user's n-th unit; the unique key (coupon, user,
 * seq) refuses a concurrent duplicate, the unique request id a replay.</li>
 * </ol>
 * Transactions run at READ COMMITTED so each count sees the latest commits.
 */
@Component
public class CouponIssuer {

	private final CouponPolicyRepository policies;

	private final IssuedCouponRepository issuedCoupons;

	private final IssueRequestRepository issueRequests;

	private final EntityManager entityManager;

	private final Clock clock;

	CouponIssuer(CouponPolicyRepository policies, IssuedCouponRepository issuedCoupons,
			IssueRequestRepository issueRequests, EntityManager entityManager, Clock clock) {
		this.policies = policies;
		this.issuedCoupons = issuedCoupons;
		this.issueRequests = issueRequests;
		this.entityManager = entityManager;
		this.clock = clock;
	}

	/**
	 * v1: locks the policy row ({@code SELECT … FOR UPDATE}), checks it, then writes.
	 * @param couponId the policy
	 * @param userId the user
	 * @param requestId the request id (UUID)
	 * @return the issued coupon
	 * @throws DomainException COUPON_NOT_FOUND, COUPON_NOT_OPEN, COUPON_SOLD_OUT or
	 * ALREADY_ISSUED; nothing is written
	 * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent
	 * request of the same user or with the same request id won (rolled back)
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public IssuedCoupon issueLocked(long couponId, String userId, String requestId) {
		CouponPolicy policy = this.policies.findByIdForUpdate(couponId)
			.orElseThrow(() -> CouponPolicyService.notFound(couponId));
		Instant now = this.clock.instant();
		CouponErrorCode refusal = policy.refusalAt(now);
		if (refusal != null) {
			throw refusalOf(refusal, couponId);
		}
		return write(policy, userId, requestId, IssueStrategy.V1, now).orThrow(couponId);
	}

	/**
	 * v2 (after the Redis admission): the guarded write without an explicit lock.
	 * @param couponId the policy
	 * @param userId the user
	 * @param requestId the request id (UUID)
	 * @return the issued coupon
	 * @throws DomainException as {@link #issueLocked}
	 * @throws org.springframework.dao.DataIntegrityViolationException as
	 * {@link #issueLocked}
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public IssuedCoupon issue(long couponId, String userId, String requestId) {
		CouponPolicy policy = this.policies.findById(couponId)
			.orElseThrow(() -> CouponPolicyService.notFound(couponId));
		return write(policy, userId, requestId, IssueStrategy.V2, this.clock.instant()).orThrow(couponId);
	}

	/**
	 * v3: writes a batch of queued requests in one transaction, recording each outcome in
	 * {@code issue_request}. Requests already recorded (a redelivered message) are
	 * skipped.
	 * @param batch requests in partition order
	 * @return the outcomes written now, excluding skipped requests
	 * @throws org.springframework.dao.DataIntegrityViolationException if another writer
	 * raced this batch (the batch is rolled back and redelivered)
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public List<IssueRequest> issueQueued(List<CouponIssueRequested> batch) {
		List<IssueRequest> outcomes = new ArrayList<>(batch.size());
		for (CouponIssueRequested request : batch) {
			if (this.issueRequests.existsById(request.requestId())) {
				continue;
			}
			Instant now = this.clock.instant();
			CouponPolicy policy = this.policies.findById(request.couponId()).orElse(null);
			Outcome outcome = (policy != null)
					? write(policy, request.userId(), request.requestId(), IssueStrategy.V3, now)
					: new Outcome(null, CouponErrorCode.COUPON_NOT_FOUND);
			IssueRequest recorded = (outcome.coupon() != null) ? IssueRequest.issued(request, outcome.coupon(), now)
					: IssueRequest.rejected(request, outcome.refusal(), now);
			outcomes.add(this.issueRequests.save(recorded));
		}
		return outcomes;
	}

	private Outcome write(CouponPolicy policy, String userId, String requestId, IssueStrategy strategy, Instant now) {
		int held = this.issuedCoupons.countByCouponIdAndUserId(policy.getId(), userId);
		if (held >= policy.getPerUserLimit()) {
			return new Outcome(null, CouponErrorCode.ALREADY_ISSUED);
		}
		if (this.policies.takeOne(policy.getId(), now) == 0) {
			this.entityManager.refresh(policy);
			CouponErrorCode refusal = policy.refusalAt(now);
			return new Outcome(null, (refusal != null) ? refusal : CouponErrorCode.COUPON_SOLD_OUT);
		}
		IssuedCoupon coupon = new IssuedCoupon(policy, userId, held + 1, requestId, strategy, now);
		return new Outcome(this.issuedCoupons.save(coupon), null);
	}

	static DomainException refusalOf(CouponErrorCode code, long couponId) {
		String detail = switch (code) {
			case COUPON_SOLD_OUT -> "Every unit of coupon " + couponId + " has been issued.";
			case ALREADY_ISSUED -> "You already hold as many of coupon " + couponId + " as allowed.";
			case COUPON_NOT_OPEN -> "Coupon " + couponId + " is not open for issuing now.";
			case COUPON_NOT_FOUND -> "No coupon " + couponId + ".";
			default -> code.title() + ".";
		};
		return new DomainException(code, detail);
	}

	private record Outcome(IssuedCoupon coupon, CouponErrorCode refusal) {

		IssuedCoupon orThrow(long couponId) {
			if (this.coupon == null) {
				throw refusalOf(this.refusal, couponId);
			}
			return this.coupon;
		}

	}

}
