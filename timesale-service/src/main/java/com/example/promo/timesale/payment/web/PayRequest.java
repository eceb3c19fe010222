package com.example.promo.timesale.payment.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /api/timesales/orders/{orderId}/pay}; both optional (an empty body
 * or {@code {}} pays the full amount).
 *
 * @param issuedCouponId the caller's issued coupon to redeem, a JSON integer ≥ 1
 * @param points points to spend, a JSON integer from 0 to 1,000,000,000, at most what is
 * due after the coupon
 */
record PayRequest(@Positive @JsonDeserialize(using = WholeNumberDeserializer.class) Long issuedCouponId,
		@Min(0) @Max(1_000_000_000) @JsonDeserialize(using = WholeNumberDeserializer.class) Long points) {
}
