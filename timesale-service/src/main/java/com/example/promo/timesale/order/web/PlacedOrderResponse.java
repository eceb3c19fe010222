package com.example.promo.timesale.order.web;

import java.time.Instant;

import com.example.promo.timesale.order.OrderView;

/**
 * Body of a 201 from v1/v2 (and of a replayed key): the order as placed.
 *
 * @param orderId the order ({@code GET /api/timesales/orders/{orderId}})
 * @param saleId the sale
 * @param quantity units held
 * @param unitPrice the sale price per unit, KRW
 * @param totalAmount unitPrice × quantity, KRW
 * @param status {@code HELD}
 * @param payBy when the hold runs out unless paid
 */
record PlacedOrderResponse(long orderId, long saleId, int quantity, long unitPrice, long totalAmount, String status,
		Instant payBy) {

	static PlacedOrderResponse of(OrderView order) {
		return new PlacedOrderResponse(order.orderId(), order.saleId(), order.quantity(), order.unitPrice(),
				order.totalAmount(), OrderView.HELD, order.payBy());
	}

}
