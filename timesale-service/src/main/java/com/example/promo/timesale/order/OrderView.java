package com.example.promo.timesale.order;

import java.time.Instant;

/**
 * An order as its owner sees it ({@code GET /api/timesales/orders/{orderId}}, an element
 * of {@code /orders/me}, the answer of cancel and pay). Amounts are whole KRW, times UTC;
 * fields that do not apply yet are {@code null}.
 *
 * @param orderId the order
 * @param saleId the sale
 * @param productId the sale's product
 * @param quantity units
 * @param unitPrice the sale price per unit, KRW
 * @param totalAmount unitPrice × quantity, KRW
 * @param status {@code HELD}, {@code PAID}, {@code CANCELLED}, {@code EXPIRED} or
 * {@code REFUNDED}
 * @param payBy when the hold runs out (created + the sale's hold seconds)
 * @param createdAt when it was placed
 * @param couponDiscount KRW taken off by the coupon, once paid
 * @param pointsUsed points spent, once paid
 * @param paidAmount what was charged (totalAmount − couponDiscount − pointsUsed), once
 * paid
 * @param paidAt when paid
 * @param cancelledAt when cancelled
 * @param expiredAt when the hold expired
 * @param refundedAt when refunded
 */
public record OrderView(long orderId, long saleId, long productId, int quantity, long unitPrice, long totalAmount,
		String status, Instant payBy, Instant createdAt, Long couponDiscount, Long pointsUsed, Long paidAmount,
		Instant paidAt, Instant cancelledAt, Instant expiredAt, Instant refundedAt) {

	/** The status of an order holding its units until {@link #payBy()}. */
	public static final String HELD = "HELD";

	/**
	 * @param id the id the database gave the order
	 * @return this order with that id
	 */
	public OrderView withOrderId(long id) {
		return new OrderView(id, this.saleId, this.productId, this.quantity, this.unitPrice, this.totalAmount,
				this.status, this.payBy, this.createdAt, this.couponDiscount, this.pointsUsed, this.paidAmount,
				this.paidAt, this.cancelledAt, this.expiredAt, this.refundedAt);
	}

	/**
	 * @param now the time to judge by
	 * @return whether it is still HELD past its {@code payBy} (due to expire)
	 */
	public boolean dueAt(Instant now) {
		return HELD.equals(this.status) && !now.isBefore(this.payBy);
	}

}
