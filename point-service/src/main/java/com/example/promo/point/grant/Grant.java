package com.example.promo.point.grant;

import java.time.Instant;

import com.example.promo.point.ledger.LotSource;

/**
 * An admin grant as first answered: the lot it created.
 *
 * @param lotId the lot
 * @param userId who received the points
 * @param sourceId the grant's idempotency key
 * @param amount points granted
 * @param remaining points left in the lot when it was granted (= amount)
 * @param source always {@link LotSource#GRANT}
 * @param earnedAt when granted
 * @param expiresAt when what is left of the lot expires
 */
public record Grant(long lotId, String userId, String sourceId, long amount, long remaining, LotSource source,
		Instant earnedAt, Instant expiresAt) {
}
