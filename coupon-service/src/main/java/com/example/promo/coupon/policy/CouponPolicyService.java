package com.example.promo.coupon.policy;

import java.time.Clock;
import java.time.Instant;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading and switching coupon policies. */
@Service
public class CouponPolicyService {

	private final CouponPolicyRepository policies;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	CouponPolicyService(CouponPolicyRepository policies, ApplicationEventPublisher events, Clock clock) {
		this.policies = policies;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates an ACTIVE policy with nothing issued.
	 * @param request a request that passed Bean Validation
	 * @return the saved policy
	 * @throws com.example.promo.common.error.InvalidFieldException if a cross-field rule
	 * fails (nothing is written)
	 */
	@Transactional
	public CouponPolicy create(CreateCouponRequest request) {
		Instant now = this.clock.instant();
		CouponPolicyRules.check(request, now);
		CouponPolicy policy = this.policies.save(new CouponPolicy(request.name().strip(), request.discountTerms(),
				request.totalQuantity(), request.perUserLimitOrDefault(), request.issueStartsAt(),
				request.issueEndsAt(), request.validDays(), now));
		this.events.publishEvent(new CouponPolicyEvents.Created(policy.getId()));
		return policy;
	}

	/**
	 * @param couponId the policy id
	 * @return the policy as committed now
	 * @throws DomainException {@code COUPON_NOT_FOUND}
	 */
	@Transactional(readOnly = true)
	public CouponPolicy get(long couponId) {
		return this.policies.findById(couponId).orElseThrow(() -> notFound(couponId));
	}

	/**
	 * @param pageable page and size, newest first unless sorted otherwise
	 * @return a page of policies
	 */
	@Transactional(readOnly = true)
	public Page<CouponPolicy> list(Pageable pageable) {
		return this.policies.findAll(pageable);
	}

	/**
	 * The admin kill switch: PAUSED or ENDED policies issue nothing, whatever the
	 * strategy.
	 * @param couponId the policy id
	 * @param status the new status
	 * @return the policy after the change
	 * @throws DomainException {@code COUPON_NOT_FOUND}
	 */
	@Transactional
	public CouponPolicy changeStatus(long couponId, CouponStatus status) {
		if (this.policies.changeStatus(couponId, status, this.clock.instant()) == 0) {
			throw notFound(couponId);
		}
		this.events.publishEvent(new CouponPolicyEvents.StatusChanged(couponId, status));
		return this.policies.findById(couponId).orElseThrow(() -> notFound(couponId));
	}

	/**
	 * @param couponId the unknown id
	 * @return the refusal
	 */
	public static DomainException notFound(long couponId) {
		return new DomainException(CouponErrorCode.COUPON_NOT_FOUND, "No coupon " + couponId + ".");
	}

}
