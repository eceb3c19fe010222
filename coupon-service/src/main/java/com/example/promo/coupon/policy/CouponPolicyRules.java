package com.example.promo.coupon.policy;

import java.time.Instant;

import com.example.promo.common.error.InvalidFieldException;

/**
 * Rules of a new coupon policy that span fields, checked after Bean Validation.
 */
final class CouponPolicyRules {

	private CouponPolicyRules() {
	}

	/**
	 * @param request a request that passed Bean Validation
	 * @param now the moment of creation
	 * @throws InvalidFieldException naming the first field that breaks a rule
	 */
	static void check(CreateCouponRequest request, Instant now) {
		if (request.discountType() == DiscountType.PERCENT && request.discountValue() > 100) {
			throw new InvalidFieldException("discountValue", "must be between 1 and 100 for PERCENT");
		}
		if (request.discountType() == DiscountType.FIXED && request.maxDiscountAmount() != null) {
			throw new InvalidFieldException("maxDiscountAmount", "applies to PERCENT discounts only");
		}
		if (request.perUserLimitOrDefault() > request.totalQuantity()) {
			throw new InvalidFieldException("perUserLimit", "must not exceed totalQuantity");
		}
		if (!request.issueEndsAt().isAfter(request.issueStartsAt())) {
			throw new InvalidFieldException("issueEndsAt", "must be after issueStartsAt");
		}
		if (!request.issueEndsAt().isAfter(now)) {
			throw new InvalidFieldException("issueEndsAt", "must be in the future");
		}
	}

}
