package com.example.promo.coupon.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyRepository;
import com.example.promo.coupon.policy.CouponPolicyService;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads what the Redis gate of one coupon must hold, from one consistent database
 * snapshot: status, window, per-user limit, remaining stock and units per user. The read
 * runs in its own new REPEATABLE READ transaction, whatever the caller's, so the snapshot
 * is taken now and includes every batch committed before the rebuild — never an older
 * snapshot of a caller's transaction.
 */
@Component
class GateSnapshot {

	private final CouponPolicyRepository policies;

	private final IssuedCouponRepository issuedCoupons;

	GateSnapshot(CouponPolicyRepository policies, IssuedCouponRepository issuedCoupons) {
		this.policies = policies;
		this.issuedCoupons = issuedCoupons;
	}

	/**
	 * @param couponId the policy
	 * @param epoch the new gate generation
	 * @return gate hash fields and the per-user hash
	 * @throws com.example.promo.common.error.DomainException COUPON_NOT_FOUND
	 */
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ, propagation = Propagation.REQUIRES_NEW)
	public State read(long couponId, String epoch) {
		CouponPolicy policy = this.policies.findById(couponId)
			.orElseThrow(() -> CouponPolicyService.notFound(couponId));
		List<UserCount> counts = this.issuedCoupons.countPerUser(couponId);
		Map<String, String> users = new HashMap<>(counts.size() * 2);
		counts.forEach((count) -> users.put(count.userId(), Long.toString(count.count())));
		Map<String, String> gate = Map.of("status", policy.getStatus().name(), "startsAt",
				Long.toString(policy.getIssueStartsAt().toEpochMilli()), "endsAt",
				Long.toString(policy.getIssueEndsAt().toEpochMilli()), "perUserLimit",
				Integer.toString(policy.getPerUserLimit()), "stock",
				Integer.toString(policy.getTotalQuantity() - policy.getIssuedQuantity()), "epoch", epoch);
		return new State(gate, users, policy.getIssueEndsAt().plus(Duration.ofDays(1)));
	}

	/**
	 * @param gate fields of {@code coupon:{id}:gate}
	 * @param users fields of {@code coupon:{id}:users}
	 * @param expiresAt when Redis may drop both keys (a day after the window)
	 */
	record State(Map<String, String> gate, Map<String, String> users, Instant expiresAt) {
	}

}
