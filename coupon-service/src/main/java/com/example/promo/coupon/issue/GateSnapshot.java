package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.promo.common.issuing.GateSnapshotSource;
import com.example.promo.common.issuing.GateState;
import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyRepository;
import com.example.promo.coupon.policy.CouponPolicyService;
import com.example.promo.coupon.policy.CouponStatus;
import com.example.promo.coupon.wallet.IssuedCouponRepository;
import com.example.promo.coupon.wallet.UserCount;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the gate of one coupon must hold, from one consistent database snapshot: status,
 * window, per-user limit, remaining stock and units per user. The read runs in its own
 * new REPEATABLE READ transaction, whatever the caller's, so the snapshot is taken now
 * and includes every batch committed before the rebuild — never an older snapshot of a
 * caller's transaction.
 */
@Component
class GateSnapshot implements GateSnapshotSource {

	private final CouponPolicyRepository policies;

	private final IssuedCouponRepository issuedCoupons;

	GateSnapshot(CouponPolicyRepository policies, IssuedCouponRepository issuedCoupons) {
		this.policies = policies;
		this.issuedCoupons = issuedCoupons;
	}

	/**
	 * @param resourceId the coupon id
	 * @return ACTIVE, window, per-user limit, remaining units and units per user; the
	 * gate may expire a day after the window
	 * @throws com.example.promo.common.error.DomainException COUPON_NOT_FOUND
	 */
	@Override
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ, propagation = Propagation.REQUIRES_NEW)
	public GateState read(String resourceId) {
		long couponId = Long.parseLong(resourceId);
		CouponPolicy policy = this.policies.findById(couponId)
			.orElseThrow(() -> CouponPolicyService.notFound(couponId));
		List<UserCount> counts = this.issuedCoupons.countPerUser(couponId);
		Map<String, Integer> users = new HashMap<>(counts.size() * 2);
		counts.forEach((count) -> users.put(count.userId(), (int) count.count()));
		return GateState.of(policy.getStatus() == CouponStatus.ACTIVE, policy.getIssueStartsAt(),
				policy.getIssueEndsAt(), policy.getPerUserLimit(),
				policy.getTotalQuantity() - policy.getIssuedQuantity(), users,
				policy.getIssueEndsAt().plus(Duration.ofDays(1)));
	}

}
