package com.example.promo.coupon.policy;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/coupons}. Single-field rules are Bean Validation annotations;
 * rules across fields are in {@link CouponPolicyRules}. Amounts in KRW.
 *
 * @param name shown to users, 1–100 characters
 * @param discountType FIXED or PERCENT
 * @param discountValue KRW off (FIXED) or percent 1–100 (PERCENT)
 * @param maxDiscountAmount cap in KRW, PERCENT only; optional
 * @param minOrderAmount smallest qualifying order in KRW; optional, default 0
 * @param totalQuantity units that can ever be issued, 1–10,000,000
 * @param perUserLimit units one user may hold; optional, default 1
 * @param issueStartsAt first instant of the issue window (inclusive)
 * @param issueEndsAt end of the issue window (exclusive), after the start and in the
 * future
 * @param validDays days an issued coupon stays usable, 1–3650
 */
public record CreateCouponRequest(@NotBlank @Size(max = 100) String name, @NotNull DiscountType discountType,
		@NotNull @Positive Long discountValue, @Positive Long maxDiscountAmount, @PositiveOrZero Long minOrderAmount,
		@NotNull @Positive @Max(10_000_000) Integer totalQuantity, @Positive @Max(1_000) Integer perUserLimit,
		@NotNull Instant issueStartsAt, @NotNull Instant issueEndsAt, @NotNull @Positive @Max(3650) Integer validDays) {

	/** Per-user limit when the request leaves it out. */
	public static final int DEFAULT_PER_USER_LIMIT = 1;

	/**
	 * @return the per-user limit, defaulted
	 */
	public int perUserLimitOrDefault() {
		return (this.perUserLimit != null) ? this.perUserLimit : DEFAULT_PER_USER_LIMIT;
	}

	/**
	 * @return the discount terms, minimum order defaulted to 0
	 */
	public DiscountTerms discountTerms() {
		return new DiscountTerms(this.discountType, this.discountValue, this.maxDiscountAmount,
				(this.minOrderAmount != null) ? this.minOrderAmount : 0L);
	}

}
