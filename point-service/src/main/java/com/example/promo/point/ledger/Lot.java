package com.example.promo.point.ledger;

import java.time.Instant;

/**
 * One lot of points: what one EARN put in, what of it is left, and when it expires.
 *
 * @param lotId the lot id
 * @param userId the owner
 * @param amount points earned (&gt; 0)
 * @param remaining points left (0 ≤ remaining ≤ amount)
 * @param source what earned it
 * @param earnedAt when
 * @param expiresAt when what is left stops being spendable
 */
public record Lot(long lotId, String userId, long amount, long remaining, LotSource source, Instant earnedAt,
		Instant expiresAt) {
}
