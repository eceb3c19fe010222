package com.example.promo.coupon.policy.web;

import jakarta.validation.constraints.NotNull;

import com.example.promo.coupon.policy.CouponStatus;

/**
 * Body of {@code PATCH /api/coupons/{couponId}/status}.
 *
 * @param status ACTIVE, PAUSED or ENDED
 */
record ChangeStatusRequest(@NotNull CouponStatus status) {
}
