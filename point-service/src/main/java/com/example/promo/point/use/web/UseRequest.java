package com.example.promo.point.use.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /api/points/use}.
 *
 * @param orderId the order paid for, 1–64 characters: the idempotency key of the use
 * @param amount points to spend, a JSON integer from 1 to 1,000,000,000
 */
record UseRequest(@NotBlank @Size(max = 64) String orderId,
		@NotNull @Min(1) @Max(1_000_000_000) @JsonDeserialize(using = WholePointsDeserializer.class) Long amount) {
}
