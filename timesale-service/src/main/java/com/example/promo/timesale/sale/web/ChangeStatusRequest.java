package com.example.promo.timesale.sale.web;

import jakarta.validation.constraints.NotNull;

import com.example.promo.timesale.sale.SaleStatus;

/**
 * Body of {@code PATCH /api/timesales/{saleId}/status}.
 *
 * @param status ACTIVE, PAUSED or ENDED
 */
record ChangeStatusRequest(@NotNull SaleStatus status) {
}
