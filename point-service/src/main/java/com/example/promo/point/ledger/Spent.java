package com.example.promo.point.ledger;

import java.util.List;

/**
 * What {@link Ledger#spend} did.
 *
 * @param entryId the USE ledger entry
 * @param balanceAfter the spendable (unexpired) balance after the use, in points
 * @param takes points taken per lot, earliest expiry first
 */
public record Spent(long entryId, long balanceAfter, List<LotTake> takes) {
}
