package com.example.promo.timesale.payment;

import com.example.promo.timesale.order.OrderView;

import java.time.Instant;

/**
 * A {@code sale_order} row as the pay saga and refunds read it.
 */
record OrderRow(long id, String userId, long saleId, long productId, int quantity, long unitPrice, long totalAmount,
		String status, Instant payBy, Instant createdAt, Instant payLeaseUntil, Long issuedCouponId,
		Long couponDiscount, Long pointsUsed, Long paidAmount, String paymentRef, Instant paidAt, Instant cancelledAt,
		Instant expiredAt, Instant refundedAt) {

	OrderView view() {
		return new OrderView(this.id, this.saleId, this.productId, this.quantity, this.unitPrice, this.totalAmount,
				this.status, this.payBy, this.createdAt, this.couponDiscount, this.pointsUsed, this.paidAmount,
				this.paidAt, this.cancelledAt, this.expiredAt, this.refundedAt);
	}

}
