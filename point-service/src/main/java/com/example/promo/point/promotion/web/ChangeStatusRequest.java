package com.example.promo.point.promotion.web;

import jakarta.validation.constraints.NotNull;

import com.example.promo.point.promotion.PromotionStatus;

/**
 * Body of {@code PATCH /api/points/promotions/{id}/status}.
 *
 * @param status ACTIVE, PAUSED or ENDED
 */
record ChangeStatusRequest(@NotNull PromotionStatus status) {
}
