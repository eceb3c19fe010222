package com.example.promo.timesale.payment;

import java.time.Instant;

import org.springframework.modulith.events.Externalized;

/**
 * A paid order was refunded (DESIGN.md §4.5): written to the outbox in the transaction
 * that marks it REFUNDED and published on {@value #TOPIC} keyed by user id, JSON;
 * point-service takes back the order's purchase reward. A republished record carries the
 * same {@code eventId} ({@code sale_order.refunded_event_id}).
 *
 * @param eventId the event's id (UUID)
 * @param occurredAt when the event was written
 * @param orderId the order id, as text
 * @param userId the buyer
 * @param refundedAt when the order was refunded
 */
@Externalized(OrderRefunded.TOPIC + "::#{#this.userId()}")
public record OrderRefunded(String eventId, Instant occurredAt, String orderId, String userId, Instant refundedAt) {

	/** Its topic. */
	public static final String TOPIC = "timesale.order.refunded";

}
