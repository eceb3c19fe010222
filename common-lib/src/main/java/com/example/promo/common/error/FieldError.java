package com.example.promo.common.error;

/**
 * One invalid request field in a {@code 400 VALIDATION_FAILED} problem's {@code errors}
 * list.
 *
 * @param field the field, as the client spells it ({@code discountValue},
 * {@code strategy})
 * @param message what is wrong with it
 */
public record FieldError(String field, String message) {
}
