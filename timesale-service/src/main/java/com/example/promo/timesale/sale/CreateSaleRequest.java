package com.example.promo.timesale.sale;

import java.time.Instant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import tools.jackson.databind.annotation.JsonDeserialize;

import com.example.promo.timesale.product.WholeKrw;

/**
 * Body of {@code POST /api/timesales}. Single-field rules are Bean Validation
 * annotations; the window's order and the product's existence are checked by
 * {@link Sales#create}.
 *
 * @param productId the product sold (must exist: else 404 {@code PRODUCT_NOT_FOUND})
 * @param salePrice price per unit, whole KRW, 0–{@value WholeKrw#MAX}
 * @param totalStock units on sale, 1–{@value #MAX_UNITS}
 * @param perUserLimit units one user may hold and buy in all, 1–{@value #MAX_UNITS} (may
 * exceed {@code totalStock})
 * @param startsAt first instant of the window (inclusive)
 * @param endsAt end of the window (exclusive), after {@code startsAt}
 * @param holdSeconds seconds an order holds its units, 1–86400; optional, default
 * {@code promo.timesale.default-hold-seconds} (600)
 */
public record CreateSaleRequest(@NotNull @Positive Long productId,
		@NotNull @PositiveOrZero @Max(WholeKrw.MAX) @JsonDeserialize(using = WholeKrw.class) Long salePrice,
		@NotNull @Min(1) @Max(MAX_UNITS) Integer totalStock, @NotNull @Min(1) @Max(MAX_UNITS) Integer perUserLimit,
		@NotNull Instant startsAt, @NotNull Instant endsAt, @Min(1) @Max(86_400) Integer holdSeconds) {

	/** The most units a sale offers, and a user may buy in one. */
	public static final int MAX_UNITS = 10_000_000;

}
