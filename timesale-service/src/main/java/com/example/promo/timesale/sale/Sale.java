package com.example.promo.timesale.sale;

import java.time.Instant;

/**
 * A time sale as committed, with its product's name and list price.
 *
 * @param id the sale id
 * @param productId the product sold
 * @param productName the product's name
 * @param listPrice the product's regular price, whole KRW
 * @param salePrice price per unit in this sale, whole KRW
 * @param totalStock units on sale
 * @param perUserLimit units one user may hold and buy in all
 * @param startsAt first instant of the window (inclusive)
 * @param endsAt end of the window (exclusive)
 * @param holdSeconds seconds an order holds its units before it must be paid
 * @param heldQuantity units held by unpaid orders
 * @param soldQuantity units paid for
 * @param status the admin's switch
 * @param createdAt creation time
 */
public record Sale(long id, long productId, String productName, long listPrice, long salePrice, int totalStock,
		int perUserLimit, Instant startsAt, Instant endsAt, int holdSeconds, int heldQuantity, int soldQuantity,
		SaleStatus status, Instant createdAt) {

	/**
	 * @return units neither held nor sold
	 */
	public int remainingQuantity() {
		return this.totalStock - this.heldQuantity - this.soldQuantity;
	}

	/**
	 * @param now a moment
	 * @return the status clients see then ({@link SalePhase} says the order of the rules)
	 */
	public SalePhase phaseAt(Instant now) {
		if (this.status == SaleStatus.PAUSED) {
			return SalePhase.PAUSED;
		}
		if (this.status == SaleStatus.ENDED || !now.isBefore(this.endsAt)) {
			return SalePhase.ENDED;
		}
		if (now.isBefore(this.startsAt)) {
			return SalePhase.UPCOMING;
		}
		return (remainingQuantity() <= 0) ? SalePhase.SOLD_OUT : SalePhase.LIVE;
	}

}
