package com.example.promo.coupon.wallet;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.coupon.policy.CouponPolicy;

/**
 * One coupon issued to one user. {@code userSeq} (1…per-user limit) is the user's n-th
 * unit of this policy; the unique key on (coupon, user, seq) is what caps a user in the
 * database. Redemption fields are written only by the conditional updates in
 * {@link IssuedCouponRepository}.
 */
@Entity
@Table(name = "issued_coupon")
public class IssuedCoupon {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private long couponId;

	private String userId;

	private int userSeq;

	private String requestId;

	@Enumerated(EnumType.STRING)
	private IssueStrategy strategy;

	@Enumerated(EnumType.STRING)
	@Column(updatable = false)
	private IssuedCouponStatus status;

	private Instant issuedAt;

	private Instant expiresAt;

	@Column(updatable = false)
	private String orderId;

	@Column(updatable = false)
	private Long orderAmount;

	@Column(updatable = false)
	private Long discountAmount;

	@Column(updatable = false)
	private Instant redeemedAt;

	protected IssuedCoupon() {
	}

	/**
	 * A coupon issued now: ISSUED, expiring after the policy's valid days.
	 * @param policy the policy
	 * @param userId the holder
	 * @param userSeq the holder's n-th unit of this policy (1…limit)
	 * @param requestId the request that issued it
	 * @param strategy what served it
	 * @param now the moment of issue
	 */
	public IssuedCoupon(CouponPolicy policy, String userId, int userSeq, String requestId, IssueStrategy strategy,
			Instant now) {
		this.couponId = policy.getId();
		this.userId = userId;
		this.userSeq = userSeq;
		this.requestId = requestId;
		this.strategy = strategy;
		this.status = IssuedCouponStatus.ISSUED;
		this.issuedAt = now;
		this.expiresAt = policy.expiryFor(now);
	}

	/**
	 * Sets the id of a coupon inserted by {@link BatchIssueWriter}'s JDBC batch.
	 * @param id the generated id
	 */
	public void assignId(long id) {
		this.id = id;
	}

	/**
	 * @param now the moment of the read
	 * @return USED, EXPIRED (unused and past {@code expiresAt}) or ISSUED
	 */
	public IssuedCouponStatus statusAt(Instant now) {
		if (this.status == IssuedCouponStatus.ISSUED && !now.isBefore(this.expiresAt)) {
			return IssuedCouponStatus.EXPIRED;
		}
		return this.status;
	}

	public Long getId() {
		return this.id;
	}

	public long getCouponId() {
		return this.couponId;
	}

	public String getUserId() {
		return this.userId;
	}

	public int getUserSeq() {
		return this.userSeq;
	}

	public String getRequestId() {
		return this.requestId;
	}

	public IssueStrategy getStrategy() {
		return this.strategy;
	}

	public IssuedCouponStatus getStatus() {
		return this.status;
	}

	public Instant getIssuedAt() {
		return this.issuedAt;
	}

	public Instant getExpiresAt() {
		return this.expiresAt;
	}

	public String getOrderId() {
		return this.orderId;
	}

	public Long getOrderAmount() {
		return this.orderAmount;
	}

	public Long getDiscountAmount() {
		return this.discountAmount;
	}

	public Instant getRedeemedAt() {
		return this.redeemedAt;
	}

}
