package com.example.promo.timesale.payment;

import java.time.Instant;

/**
 * An order as {@code GET /api/timesales/orders/{orderId}} shows it, answered by pay and
 * refund. Amounts in KRW; {@code couponDiscount}, {@code pointsUsed}, {@code paidAmount},
 * {@code paidAt} are set once paid, the other times once the order reaches that state.
 *
 * @param orderId the order
 * @param saleId its time sale
 * @param productId the product
 * @param quantity units
 * @param unitPrice KRW per unit
 * @param totalAmount {@code unitPrice × quantity}, KRW
 * @param status HELD, PAID, CANCELLED, EXPIRED or REFUNDED
 * @param payBy when the hold runs out
 * @param createdAt when ordered
 * @param couponDiscount KRW the coupon took off
 * @param pointsUsed points spent
 * @param paidAmount KRW charged
 * @param paidAt when paid
 * @param cancelledAt when cancelled
 * @param expiredAt when expired
 * @param refundedAt when refunded
 */
public record PaymentOrderView(long orderId, long saleId, long productId, int quantity, long unitPrice,
		long totalAmount, String status, Instant payBy, Instant createdAt, Long couponDiscount, Long pointsUsed,
		Long paidAmount, Instant paidAt, Instant cancelledAt, Instant expiredAt, Instant refundedAt) {
}
