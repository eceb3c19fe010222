package com.example.promo.point.balance.web;

import java.time.Instant;

import com.example.promo.point.ledger.Lot;
import com.example.promo.point.ledger.LotSource;

/**
 * A spendable lot as its owner sees it.
 *
 * @param lotId the lot id
 * @param amount points earned into it
 * @param remaining points left in it
 * @param source what earned it: GRANT, PROMOTION, PURCHASE_REWARD or RESTORED
 * @param earnedAt when
 * @param expiresAt when what is left stops being spendable
 */
public record LotResponse(long lotId, long amount, long remaining, LotSource source, Instant earnedAt,
		Instant expiresAt) {

	/**
	 * @param lot a lot
	 * @return the response
	 */
	public static LotResponse of(Lot lot) {
		return new LotResponse(lot.lotId(), lot.amount(), lot.remaining(), lot.source(), lot.earnedAt(),
				lot.expiresAt());
	}

}
