package com.example.promo.timesale.order.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /api/timesales/{saleId}/orders}.
 *
 * @param quantity units to hold, a JSON integer from 1 to {@value #MAX_QUANTITY} (the
 * sale's per-user limit is checked too: 409 PURCHASE_LIMIT_EXCEEDED)
 */
record PlaceOrderRequest(
		@NotNull @Min(1) @Max(MAX_QUANTITY) @JsonDeserialize(using = WholeUnitsDeserializer.class) Integer quantity) {

	/** The most units one order may ask for, whatever the sale's limit. */
	static final int MAX_QUANTITY = 10_000;

}
