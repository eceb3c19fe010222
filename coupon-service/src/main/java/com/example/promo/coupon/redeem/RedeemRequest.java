package com.example.promo.coupon.redeem;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/coupons/issued/{issuedCouponId}/redeem}.
 *
 * @param orderId the order, 1–64 characters of letters, digits, {@code - _ . :}; the
 * idempotency key of the redemption
 * @param orderAmount the order amount in KRW, positive
 */
public record RedeemRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9._:-]+") String orderId,
		@NotNull @Positive Long orderAmount) {
}
