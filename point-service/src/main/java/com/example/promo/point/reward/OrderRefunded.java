package com.example.promo.point.reward;

import java.time.Instant;

/**
 * A paid time-sale order was refunded (DESIGN.md §4.5), on {@value #TOPIC} keyed by user
 * id; JSON. Its purchase reward is taken back as far as it remains.
 *
 * @param eventId the event's id, unique (a redelivery carries the same)
 * @param occurredAt when the event was written
 * @param orderId the refunded order
 * @param userId who ordered
 * @param refundedAt when the refund happened
 */
public record OrderRefunded(String eventId, Instant occurredAt, String orderId, String userId, Instant refundedAt) {

	/** The topic timesale-service's outbox publishes it on. */
	public static final String TOPIC = "timesale.order.refunded";

}
