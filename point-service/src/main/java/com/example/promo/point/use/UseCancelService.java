package com.example.promo.point.use;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.example.promo.point.PointProperties;
import com.example.promo.point.ledger.Ledger;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels uses of cancelled orders ({@code POST /api/points/uses/{orderId}/cancel},
 * services and admins): gives back exactly what the use took from each lot, what belonged
 * to lots that have expired meanwhile into one new RESTORED lot
 * ({@code promo.points.restored-lot-valid-days}). Idempotent: a cancelled use answers the
 * same again. A cancel of an order without a use leaves a tombstone, so that a use of the
 * order arriving later is refused {@code USE_CANCELLED}; it is decided under the
 * account's row lock, which every use takes too, so the two never race.
 */
@Service
public class UseCancelService {

	private final Ledger ledger;

	private final PointUses uses;

	private final PointProperties properties;

	private final Clock clock;

	UseCancelService(Ledger ledger, PointUses uses, PointProperties properties, Clock clock) {
		this.ledger = ledger;
		this.uses = uses;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Cancels the user's use of an order. Returns normally in every case, so that a
	 * tombstone commits even though the caller answers 404.
	 * @param userId the account
	 * @param orderId the order
	 * @param cancelledBy the caller (a service or an admin)
	 * @return what was given back, by this call or the one that cancelled it first; or
	 * empty if the user had no use of that order (a tombstone is recorded)
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public Optional<Cancelled> cancel(String userId, String orderId, String cancelledBy) {
		this.ledger.lockAccount(userId);
		Instant now = this.clock.instant();
		Optional<PointUse> found = this.uses.find(userId, orderId);
		if (found.isEmpty()) {
			this.uses.tombstone(userId, orderId, cancelledBy, now);
			return Optional.empty();
		}
		PointUse use = found.get();
		if (use.cancelled() || !this.uses.cancel(use.useId(), use.amount(), cancelledBy, now)) {
			return Optional.of(new Cancelled(orderId, (use.restored() != null) ? use.restored() : use.amount(),
					this.ledger.spendable(userId)));
		}
		Ledger.Restored restored = this.ledger.restore(userId, use.useId(), use.lots(), orderId,
				Duration.ofDays(this.properties.restoredLotValidDays()));
		return Optional.of(new Cancelled(orderId, restored.restored(), restored.balanceAfter()));
	}

	/**
	 * What a cancel gave back.
	 *
	 * @param orderId the order
	 * @param restored points given back
	 * @param balanceAfter the spendable balance after (now, for a repeated cancel), in
	 * points
	 */
	public record Cancelled(String orderId, long restored, long balanceAfter) {
	}

}
