package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyRepository;
import com.example.promo.coupon.policy.CouponPolicyService;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * v1's database write, one request per transaction, with the guards every strategy shares
 * ({@link BatchIssueWriter} applies them to v2's and v3's batches):
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

	private final Clock clock;

	CouponIssuer(CouponPolicyRepository policies, IssuedCouponRepository issuedCoupons, Clock clock) {
		this.policies = policies;
		this.issuedCoupons = issuedCoupons;
		this.clock = clock;
	}

	/**
	 * v1: counts the user's units, locks the policy row ({@code SELECT … FOR UPDATE}),
	 * checks it, then writes. The count runs before the lock, which is then held for
	 * three statements instead of four; a concurrent unit of the same user is still
	 * refused by the unique key.
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
		int held = this.issuedCoupons.countByCouponIdAndUserId(couponId, userId);
		CouponPolicy policy = this.policies.findByIdForUpdate(couponId)
			.orElseThrow(() -> CouponPolicyService.notFound(couponId));
		Instant now = this.clock.instant();
		CouponErrorCode refusal = policy.refusalAt(now);
		if (refusal == null && held >= policy.getPerUserLimit()) {
			refusal = CouponErrorCode.ALREADY_ISSUED;
		}
		if (refusal != null) {
			throw refusalOf(refusal, couponId);
		}
		if (this.policies.take(couponId, 1, now) == 0) {
			throw new IllegalStateException(
					"coupon " + couponId + " refused a unit that its locked row showed as free");
		}
		return this.issuedCoupons.save(new IssuedCoupon(policy, userId, held + 1, requestId, IssueStrategy.V1, now));
	}

	static DomainException refusalOf(ErrorCode code, long couponId) {
		String detail = (code instanceof CouponErrorCode coupon) ? switch (coupon) {
			case COUPON_SOLD_OUT -> "Every unit of coupon " + couponId + " has been issued.";
			case ALREADY_ISSUED -> "You already hold as many of coupon " + couponId + " as allowed.";
			case COUPON_NOT_OPEN -> "Coupon " + couponId + " is not open for issuing now.";
			case COUPON_NOT_FOUND -> "No coupon " + couponId + ".";
			default -> code.title() + ".";
		} : code.title() + ".";
		return new DomainException(code, detail);
	}

}
