package com.example.promo.point.reward;

import java.time.Instant;

/**
 * A time-sale order was paid (DESIGN.md §4.5), on {@value #TOPIC} keyed by user id; JSON.
 * Amounts in KRW.
 *
 * @param eventId the event's id, unique (a redelivery carries the same)
 * @param occurredAt when the order was confirmed
 * @param orderId the order
 * @param userId who ordered
 * @param saleId the time sale
 * @param productId the product
 * @param quantity units bought
 * @param totalAmount the order's price before discounts, KRW
 * @param couponDiscount what a coupon took off, KRW
 * @param pointsUsed points spent on it
 * @param paidAmount what was paid, KRW: the base of the purchase reward
 */
public record OrderConfirmed(String eventId, Instant occurredAt, String orderId, String userId, Long saleId,
		Long productId, Integer quantity, Long totalAmount, Long couponDiscount, Long pointsUsed, Long paidAmount) {

	/** The topic timesale-service's outbox publishes it on. */
	public static final String TOPIC = "timesale.order.confirmed";

}
