package com.example.promo.point.ledger;

/**
 * Points a use took from one lot (a row of {@code point_use_lot}), which a cancel gives
 * back.
 *
 * @param lotId the lot
 * @param amount points taken (&gt; 0)
 */
public record LotTake(long lotId, long amount) {
}
