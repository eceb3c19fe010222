package com.example.promo.point.use.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/points/uses/{orderId}/cancel}.
 *
 * @param userId the account whose use is cancelled (1–64 characters); only services and
 * admins call this, so they name the user
 */
record CancelUseRequest(@NotBlank @Size(max = 64) String userId) {
}
