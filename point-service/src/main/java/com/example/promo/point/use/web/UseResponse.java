package com.example.promo.point.use.web;

import java.util.List;

import com.example.promo.point.use.PointUse;

/**
 * A use, as {@code POST /api/points/use} answers it (201) and a DONE use request shows
 * it.
 *
 * @param useId the use id
 * @param orderId the order
 * @param amount points spent
 * @param balanceAfter the spendable balance right after the use, in points
 * @param lots points taken per lot, earliest expiry first
 */
public record UseResponse(long useId, String orderId, long amount, long balanceAfter, List<LotTaken> lots) {

	/**
	 * @param use a use
	 * @return its answer
	 */
	public static UseResponse of(PointUse use) {
		return new UseResponse(use.useId(), use.orderId(), use.amount(), use.balanceAfter(),
				use.lots().stream().map((lot) -> new LotTaken(lot.lotId(), lot.amount())).toList());
	}

	/**
	 * Points a use took from one lot.
	 *
	 * @param lotId the lot
	 * @param amount points taken
	 */
	public record LotTaken(long lotId, long amount) {
	}

}
