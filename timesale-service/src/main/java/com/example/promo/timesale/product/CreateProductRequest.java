package com.example.promo.timesale.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.annotation.JsonDeserialize;

/**
 * Body of {@code POST /api/timesales/products}.
 *
 * @param name shown to users, 1–200 characters (surrounding blanks dropped)
 * @param listPrice regular price, whole KRW, 0–{@value WholeKrw#MAX}
 */
public record CreateProductRequest(@NotBlank @Size(max = 200) String name,
		@NotNull @PositiveOrZero @Max(WholeKrw.MAX) @JsonDeserialize(using = WholeKrw.class) Long listPrice) {
}
