package com.example.promo.timesale.product;

import java.time.Instant;

/**
 * A product a time sale sells.
 *
 * @param id the product id
 * @param name display name, 1–200 characters
 * @param listPrice regular price, whole KRW (≥ 0)
 * @param createdAt creation time (UTC)
 */
public record Product(long id, String name, long listPrice, Instant createdAt) {
}
