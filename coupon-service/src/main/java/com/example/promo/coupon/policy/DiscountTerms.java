package com.example.promo.coupon.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

/**
 * What a coupon takes off an order. All amounts are KRW, whole numbers.
 *
 * @param type FIXED or PERCENT
 * @param value KRW off (FIXED) or percent 1–100 (PERCENT)
 * @param maxDiscountAmount cap for PERCENT in KRW, or {@code null} for none
 * @param minOrderAmount smallest order amount the coupon applies to, KRW (0 for any)
 */
@Embeddable
public record DiscountTerms(@Enumerated(EnumType.STRING) @Column(name = "discount_type") DiscountType type,
		@Column(name = "discount_value") long value, @Column(name = "max_discount_amount") Long maxDiscountAmount,
		@Column(name = "min_order_amount") long minOrderAmount) {

	/**
	 * The discount for an order: FIXED takes {@code value} (never more than the order);
	 * PERCENT takes {@code floor(orderAmount × value / 100)}, capped by
	 * {@code maxDiscountAmount} when set. Exact for every {@code long} order amount: the
	 * product is never formed.
	 * @param orderAmount the order amount in KRW, at least {@code minOrderAmount}
	 * @return the discount in KRW, between 0 and {@code orderAmount}
	 * @throws IllegalArgumentException if the order is below the minimum (callers check
	 * {@link #appliesTo(long)} first)
	 */
	public long discountFor(long orderAmount) {
		if (!appliesTo(orderAmount)) {
			throw new IllegalArgumentException("order amount " + orderAmount + " is below " + this.minOrderAmount);
		}
		long discount = switch (this.type) {
			case FIXED -> this.value;
			case PERCENT -> percentOf(orderAmount, Math.min(this.value, 100));
		};
		if (this.maxDiscountAmount != null) {
			discount = Math.min(discount, this.maxDiscountAmount);
		}
		return Math.min(discount, orderAmount);
	}

	// floor(amount × percent / 100) for amount >= 0 and 0 <= percent <= 100, without
	// overflow:
	// (100q + r) × p / 100 = q × p + r × p / 100, where q × p <= amount and r × p <
	// 10,000.
	private static long percentOf(long amount, long percent) {
		return (amount / 100) * percent + (amount % 100) * percent / 100;
	}

	/**
	 * @param orderAmount the order amount in KRW
	 * @return whether the order reaches the minimum order amount
	 */
	public boolean appliesTo(long orderAmount) {
		return orderAmount >= this.minOrderAmount;
	}

}
