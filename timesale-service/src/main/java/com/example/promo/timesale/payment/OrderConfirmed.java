package com.example.promo.timesale.payment;

import java.time.Instant;

import org.springframework.modulith.events.Externalized;

/**
 * An order was paid (DESIGN.md §4.5): written to the outbox in the transaction that marks
 * it PAID and published on {@value #TOPIC} keyed by user id, JSON, for point-service's
 * purchase reward. A republished record carries the same {@code eventId}
 * ({@code sale_order.confirmed_event_id}). Amounts in KRW; {@code orderId} is text, as
 * point-service reads it.
 *
 * @param eventId the event's id (UUID)
 * @param occurredAt when the order was paid
 * @param orderId the order id, as text
 * @param userId the buyer
 * @param saleId the time sale
 * @param productId the product
 * @param quantity units bought
 * @param totalAmount price before discounts, KRW
 * @param couponDiscount what the coupon took off, KRW (0 without one)
 * @param pointsUsed points spent
 * @param paidAmount {@code totalAmount - couponDiscount - pointsUsed}, KRW
 */
@Externalized(OrderConfirmed.TOPIC + "::#{#this.userId()}")
public record OrderConfirmed(String eventId, Instant occurredAt, String orderId, String userId, long saleId,
		long productId, int quantity, long totalAmount, long couponDiscount, long pointsUsed, long paidAmount) {

	/** Its topic. */
	public static final String TOPIC = "timesale.order.confirmed";

}
