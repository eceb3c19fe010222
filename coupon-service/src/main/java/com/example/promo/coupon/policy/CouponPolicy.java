package com.example.promo.coupon.policy;

import java.time.Duration;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.example.promo.coupon.CouponErrorCode;

/**
 * A coupon policy: the campaign users issue coupons from. {@code issuedQuantity} is
 * written only by the conditional update in {@link CouponPolicyRepository#take} (it is
 * not updatable through the entity), and {@code status} only by
 * {@link CouponPolicyRepository#changeStatus}, so a stale entity can never overwrite
 * them.
 */
@Entity
@Table(name = "coupon_policy")
public class CouponPolicy {

	@Id
	@GeneratedValue(strategy = GenerationType.IDENTITY)
	private Long id;

	private String name;

	@Embedded
	private DiscountTerms discount;

	private int totalQuantity;

	@Column(updatable = false)
	private int issuedQuantity;

	private int perUserLimit;

	private Instant issueStartsAt;

	private Instant issueEndsAt;

	private int validDays;

	@Enumerated(EnumType.STRING)
	@Column(updatable = false)
	private CouponStatus status;

	@Column(updatable = false)
	private Instant createdAt;

	private Instant updatedAt;

	protected CouponPolicy() {
	}

	CouponPolicy(String name, DiscountTerms discount, int totalQuantity, int perUserLimit, Instant issueStartsAt,
			Instant issueEndsAt, int validDays, Instant now) {
		this.name = name;
		this.discount = discount;
		this.totalQuantity = totalQuantity;
		this.perUserLimit = perUserLimit;
		this.issueStartsAt = issueStartsAt;
		this.issueEndsAt = issueEndsAt;
		this.validDays = validDays;
		this.status = CouponStatus.ACTIVE;
		this.createdAt = now;
		this.updatedAt = now;
	}

	/**
	 * Why this policy issues nothing at {@code now}, judged on the state this entity was
	 * read with.
	 * @param now the moment of the request
	 * @return {@code null} if it can issue, else {@code COUPON_NOT_OPEN} or
	 * {@code COUPON_SOLD_OUT}
	 */
	public CouponErrorCode refusalAt(Instant now) {
		if (this.status != CouponStatus.ACTIVE || now.isBefore(this.issueStartsAt) || !now.isBefore(this.issueEndsAt)) {
			return CouponErrorCode.COUPON_NOT_OPEN;
		}
		if (this.issuedQuantity >= this.totalQuantity) {
			return CouponErrorCode.COUPON_SOLD_OUT;
		}
		return null;
	}

	/**
	 * @param issuedAt when a coupon is issued
	 * @return when that coupon expires: {@code validDays} days later
	 */
	public Instant expiryFor(Instant issuedAt) {
		return issuedAt.plus(Duration.ofDays(this.validDays));
	}

	public Long getId() {
		return this.id;
	}

	public String getName() {
		return this.name;
	}

	public DiscountTerms getDiscount() {
		return this.discount;
	}

	public int getTotalQuantity() {
		return this.totalQuantity;
	}

	public int getIssuedQuantity() {
		return this.issuedQuantity;
	}

	public int getPerUserLimit() {
		return this.perUserLimit;
	}

	public Instant getIssueStartsAt() {
		return this.issueStartsAt;
	}

	public Instant getIssueEndsAt() {
		return this.issueEndsAt;
	}

	public int getValidDays() {
		return this.validDays;
	}

	public CouponStatus getStatus() {
		return this.status;
	}

	public Instant getCreatedAt() {
		return this.createdAt;
	}

}
