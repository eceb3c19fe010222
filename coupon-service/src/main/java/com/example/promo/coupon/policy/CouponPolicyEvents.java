package com.example.promo.coupon.policy;

/**
 * Spring application events of coupon policies, published inside the writing transaction;
 * listeners that touch other systems (the Redis gate) use
 * {@code @TransactionalEventListener} so they act only after commit.
 */
public final class CouponPolicyEvents {

	private CouponPolicyEvents() {
	}

	/**
	 * A policy was created.
	 *
	 * @param couponId its id
	 */
	public record Created(long couponId) {
	}

	/**
	 * An admin changed a policy's status.
	 *
	 * @param couponId its id
	 * @param status the new status
	 */
	public record StatusChanged(long couponId, CouponStatus status) {
	}

}
