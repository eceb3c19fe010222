package com.example.promo.coupon.policy;

import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Coupon policies, and the one conditional write that takes a unit. */
public interface CouponPolicyRepository extends JpaRepository<CouponPolicy, Long> {

	/**
	 * Takes {@code units} units if, at {@code now}, the policy is ACTIVE, inside its
	 * window and has that many left:
	 * {@code UPDATE … SET issued = issued + n WHERE … AND issued + n <= total}. The row
	 * stays locked until the caller's transaction ends, which serialises every writer of
	 * this coupon.
	 * @param id the policy id
	 * @param units how many units, at least 1 (v1 and v2 take one; v3 a whole batch's)
	 * @param now the moment of the request
	 * @return 1 if the units were taken, 0 if refused (see
	 * {@link CouponPolicy#refusalAt})
	 */
	@Modifying(flushAutomatically = true)
	@Query("""
			update CouponPolicy p set p.issuedQuantity = p.issuedQuantity + :units, p.updatedAt = :now
			where p.id = :id and p.status = com.example.promo.coupon.policy.CouponStatus.ACTIVE
			  and p.issuedQuantity + :units <= p.totalQuantity and p.issueStartsAt <= :now and p.issueEndsAt > :now
			""")
	int take(@Param("id") long id, @Param("units") int units, @Param("now") Instant now);

	/**
	 * Sets the admin status (kill switch) without touching anything else.
	 * @param id the policy id
	 * @param status the new status
	 * @param now the moment of the change
	 * @return 1 if the policy exists, else 0
	 */
	@Modifying(flushAutomatically = true, clearAutomatically = true)
	@Query("update CouponPolicy p set p.status = :status, p.updatedAt = :now where p.id = :id")
	int changeStatus(@Param("id") long id, @Param("status") CouponStatus status, @Param("now") Instant now);

	/**
	 * Reads and row-locks a policy ({@code SELECT … FOR UPDATE}) for the v1 strategy.
	 * @param id the policy id
	 * @return the locked policy, or empty if unknown
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select p from CouponPolicy p where p.id = :id")
	Optional<CouponPolicy> findByIdForUpdate(@Param("id") long id);

}
