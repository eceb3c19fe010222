package com.example.promo.timesale.product.web;

import java.time.Instant;

import com.example.promo.timesale.product.Product;

/**
 * A product as clients see it.
 *
 * @param id product id
 * @param name display name
 * @param listPrice regular price, whole KRW
 * @param createdAt creation time (UTC)
 */
record ProductResponse(long id, String name, long listPrice, Instant createdAt) {

	static ProductResponse of(Product product) {
		return new ProductResponse(product.id(), product.name(), product.listPrice(), product.createdAt());
	}

}
