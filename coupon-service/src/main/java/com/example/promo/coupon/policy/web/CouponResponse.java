package com.example.promo.coupon.policy.web;

import java.time.Instant;

import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponStatus;
import com.example.promo.coupon.policy.DiscountType;

/**
 * A coupon policy as clients see it. Amounts in KRW.
 *
 * @param id policy id
 * @param name display name
 * @param discountType FIXED or PERCENT
 * @param discountValue KRW off, or percent
 * @param maxDiscountAmount cap for PERCENT, or null
 * @param minOrderAmount smallest qualifying order
 * @param totalQuantity units that can ever be issued
 * @param issuedQuantity units issued so far (from the database)
 * @param remainingQuantity {@code totalQuantity - issuedQuantity}
 * @param perUserLimit units one user may hold
 * @param issueStartsAt window start (inclusive)
 * @param issueEndsAt window end (exclusive)
 * @param validDays days an issued coupon stays usable
 * @param status ACTIVE, PAUSED or ENDED
 * @param createdAt creation time
 */
public record CouponResponse(long id, String name, DiscountType discountType, long discountValue,
		Long maxDiscountAmount, long minOrderAmount, int totalQuantity, int issuedQuantity, int remainingQuantity,
		int perUserLimit, Instant issueStartsAt, Instant issueEndsAt, int validDays, CouponStatus status,
		Instant createdAt) {

	static CouponResponse of(CouponPolicy policy) {
		return new CouponResponse(policy.getId(), policy.getName(), policy.getDiscount().type(),
				policy.getDiscount().value(), policy.getDiscount().maxDiscountAmount(),
				policy.getDiscount().minOrderAmount(), policy.getTotalQuantity(), policy.getIssuedQuantity(),
				policy.getTotalQuantity() - policy.getIssuedQuantity(), policy.getPerUserLimit(),
				policy.getIssueStartsAt(), policy.getIssueEndsAt(), policy.getValidDays(), policy.getStatus(),
				policy.getCreatedAt());
	}

}
