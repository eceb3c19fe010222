package com.example.promo.point.ledger;

import java.time.Instant;

/**
 * Points to earn into a new lot (an EARN entry).
 *
 * @param userId the owner
 * @param amount points (&gt; 0)
 * @param source what earns it
 * @param sourceRef which one (unique per source: a second earning of the same ref is
 * refused by {@code uk_point_lot_source})
 * @param expiresAt when the lot expires
 * @param reason shown in the history
 * @param orderId the order it rewards, or {@code null}
 * @param promotionId the promotion it rewards, or {@code null}
 */
public record Earning(String userId, long amount, LotSource source, String sourceRef, Instant expiresAt, String reason,
		String orderId, Long promotionId) {
}
