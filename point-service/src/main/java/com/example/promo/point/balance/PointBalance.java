package com.example.promo.point.balance;

import java.time.Instant;

/**
 * What a user can spend now (DESIGN.md §4.2).
 *
 * @param userId the owner
 * @param balance Σ remaining of the unexpired lots, in points
 * @param expiringWithin30Days Σ remaining of the unexpired lots expiring within 30 days,
 * in points
 * @param nextExpiresAt the earliest expiry of a lot with points left, or {@code null}
 * when there is none
 */
public record PointBalance(String userId, long balance, long expiringWithin30Days, Instant nextExpiresAt) {
}
