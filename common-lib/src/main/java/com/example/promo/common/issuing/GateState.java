package com.example.promo.common.issuing;

import java.time.Instant;
import java.util.Map;

/**
 * What a resource's gate must hold, read from the database by the service's
 * {@link GateSnapshotSource}.
 *
 * @param open whether the resource is switched on (ACTIVE); the window is checked too
 * @param startsAt start of the window
 * @param endsAt end of the window
 * @param perHolderLimit units a holder may have in all, 0 for untracked
 * @param perPeriodLimit units a holder may have per period, 0 for none
 * @param remaining units left
 * @param holders units per holder (only with a per-holder limit)
 * @param period the current period's key (e.g. the business day {@code 2026-11-23}), or
 * {@code null}
 * @param periodHolders units per holder in the current period (only with a per-period
 * limit)
 * @param expiresAt when Redis may drop the gate (after the window)
 */
public record GateState(boolean open, Instant startsAt, Instant endsAt, int perHolderLimit, int perPeriodLimit,
		long remaining, Map<String, Integer> holders, String period, Map<String, Integer> periodHolders,
		Instant expiresAt) {

	/**
	 * A gate with a lifetime per-holder limit and no period limit (coupons, sales).
	 * @param open whether switched on
	 * @param startsAt window start
	 * @param endsAt window end
	 * @param perHolderLimit units per holder, 0 for untracked
	 * @param remaining units left
	 * @param holders units per holder
	 * @param expiresAt when Redis may drop the gate
	 * @return the state
	 */
	public static GateState of(boolean open, Instant startsAt, Instant endsAt, int perHolderLimit, long remaining,
			Map<String, Integer> holders, Instant expiresAt) {
		return new GateState(open, startsAt, endsAt, perHolderLimit, 0, remaining, holders, null, Map.of(), expiresAt);
	}

}
