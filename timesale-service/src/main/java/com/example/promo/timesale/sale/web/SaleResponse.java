package com.example.promo.timesale.sale.web;

import java.time.Instant;

import com.example.promo.timesale.sale.Sale;
import com.example.promo.timesale.sale.SalePhase;

/**
 * A time sale as clients see it. Amounts are whole KRW, quantities units.
 *
 * @param id sale id
 * @param productId the product sold
 * @param productName the product's name
 * @param listPrice the product's regular price
 * @param salePrice price per unit in this sale
 * @param totalStock units on sale
 * @param perUserLimit units one user may hold and buy in all
 * @param startsAt window start (inclusive)
 * @param endsAt window end (exclusive)
 * @param holdSeconds seconds an order holds its units
 * @param heldQuantity units held by unpaid orders (from the database)
 * @param soldQuantity units paid for
 * @param remainingQuantity units neither held nor sold
 * @param status UPCOMING, LIVE, PAUSED, SOLD_OUT or ENDED, derived now
 */
record SaleResponse(long id, long productId, String productName, long listPrice, long salePrice, int totalStock,
		int perUserLimit, Instant startsAt, Instant endsAt, int holdSeconds, int heldQuantity, int soldQuantity,
		int remainingQuantity, SalePhase status) {

	static SaleResponse of(Sale sale, Instant now) {
		return new SaleResponse(sale.id(), sale.productId(), sale.productName(), sale.listPrice(), sale.salePrice(),
				sale.totalStock(), sale.perUserLimit(), sale.startsAt(), sale.endsAt(), sale.holdSeconds(),
				sale.heldQuantity(), sale.soldQuantity(), sale.remainingQuantity(), sale.phaseAt(now));
	}

}
