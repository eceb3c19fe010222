package com.example.promo.coupon.wallet;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Issued coupons, and the conditional updates of redemption. */
public interface IssuedCouponRepository extends JpaRepository<IssuedCoupon, Long> {

	/**
	 * @param couponId the policy
	 * @param userId the user
	 * @return how many of this policy the user holds
	 */
	int countByCouponIdAndUserId(long couponId, String userId);

	/**
	 * @param requestId the request id (from an idempotency key or the v3 queue)
	 * @return the coupon that request issued, if any
	 */
	Optional<IssuedCoupon> findByRequestId(String requestId);

	/**
	 * @param id the issued coupon id
	 * @param userId the owner
	 * @return the coupon if it exists and belongs to the user
	 */
	Optional<IssuedCoupon> findByIdAndUserId(long id, String userId);

	/**
	 * @param userId the owner
	 * @param pageable page, size and order
	 * @return the user's coupons
	 */
	Page<IssuedCoupon> findByUserId(String userId, Pageable pageable);

	/**
	 * Per-user counts of one policy, for rebuilding the Redis gate.
	 * @param couponId the policy
	 * @return one row per user holding at least one unit
	 */
	@Query("select new com.example.promo.coupon.wallet.UserCount(c.userId, count(c)) from IssuedCoupon c"
			+ " where c.couponId = :couponId group by c.userId")
	List<UserCount> countPerUser(@Param("couponId") long couponId);

	/**
	 * Per-user counts of one policy for some users, for deciding a batch of issues.
	 * @param couponId the policy
	 * @param userIds the users
	 * @return one row per listed user holding at least one unit
	 */
	@Query("select new com.example.promo.coupon.wallet.UserCount(c.userId, count(c)) from IssuedCoupon c"
			+ " where c.couponId = :couponId and c.userId in :userIds group by c.userId")
	List<UserCount> countPerUser(@Param("couponId") long couponId, @Param("userIds") Collection<String> userIds);

	/**
	 * Marks an unused, unexpired coupon USED for an order: a conditional update, so two
	 * concurrent redemptions cannot both win.
	 * @param id the issued coupon
	 * @param orderId the order
	 * @param orderAmount the order amount, KRW
	 * @param discountAmount the discount granted, KRW
	 * @param now the moment of redemption
	 * @return 1 if redeemed, 0 if the coupon was no longer usable
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update IssuedCoupon c set c.status = com.example.promo.coupon.wallet.IssuedCouponStatus.USED,
			  c.orderId = :orderId, c.orderAmount = :orderAmount, c.discountAmount = :discountAmount, c.redeemedAt = :now
			where c.id = :id and c.status = com.example.promo.coupon.wallet.IssuedCouponStatus.ISSUED and c.expiresAt > :now
			""")
	int markUsed(@Param("id") long id, @Param("orderId") String orderId, @Param("orderAmount") long orderAmount,
			@Param("discountAmount") long discountAmount, @Param("now") Instant now);

	/**
	 * Restores a coupon USED for the order to ISSUED and forgets the order: a conditional
	 * update, so only the redemption of that order is undone, once.
	 * @param id the issued coupon
	 * @param orderId the order it must be redeemed for
	 * @return 1 if restored, 0 if it was not USED for that order
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("""
			update IssuedCoupon c set c.status = com.example.promo.coupon.wallet.IssuedCouponStatus.ISSUED,
			  c.orderId = null, c.orderAmount = null, c.discountAmount = null, c.redeemedAt = null
			where c.id = :id and c.status = com.example.promo.coupon.wallet.IssuedCouponStatus.USED
			  and c.orderId = :orderId
			""")
	int markUnused(@Param("id") long id, @Param("orderId") String orderId);

}
