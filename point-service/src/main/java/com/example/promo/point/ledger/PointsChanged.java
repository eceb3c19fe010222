package com.example.promo.point.ledger;

/**
 * Published inside every transaction that changes a user's points; listeners act after
 * commit (the cached balance is evicted, the use gate is refreshed).
 *
 * @param userId whose points changed
 * @param countedByGate whether the change was a use the account's gate already counted
 * (v2/v3), so the gate stays as it is
 */
public record PointsChanged(String userId, boolean countedByGate) {
}
