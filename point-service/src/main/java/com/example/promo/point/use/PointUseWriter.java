package com.example.promo.point.use;

import java.time.Clock;
import java.util.Optional;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Spent;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * v1's database write, one use per transaction, with the rules every strategy shares
 * ({@link BatchUseWriter} applies them to v2's and v3's batches), all under the account's
 * row lock:
 * <ol>
 * <li>a cancel that arrived before the use (a tombstone) → {@code USE_CANCELLED};</li>
 * <li>a use of the same order exists → the same amount is a replay (the first use,
 * nothing spent), another amount {@code IDEMPOTENCY_KEY_REUSED};</li>
 * <li>the ledger spends from the unexpired lots, earliest expiry first, or refuses
 * {@code INSUFFICIENT_POINTS};</li>
 * <li>the use and what it took per lot are inserted.</li>
 * </ol>
 */
@Component
class PointUseWriter {

	private final Ledger ledger;

	private final PointUses uses;

	private final Clock clock;

	PointUseWriter(Ledger ledger, PointUses uses, Clock clock) {
		this.ledger = ledger;
		this.uses = uses;
		this.clock = clock;
	}

	/**
	 * v1: locks the account, checks, spends, writes the use.
	 * @param userId the account
	 * @param orderId the order
	 * @param amount points (&gt; 0)
	 * @param requestId the request id
	 * @return the use written now, or the order's first use (a replay:
	 * {@link Written#replayed})
	 * @throws DomainException USE_CANCELLED, IDEMPOTENCY_KEY_REUSED or
	 * INSUFFICIENT_POINTS; nothing is written
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public Written useLocked(String userId, String orderId, long amount, String requestId) {
		this.ledger.lockAccount(userId);
		if (this.uses.tombstoned(userId, orderId)) {
			throw refusal(PointErrorCode.USE_CANCELLED, orderId);
		}
		Optional<PointUse> existing = this.uses.find(userId, orderId);
		if (existing.isPresent()) {
			return new Written(requireSameAmount(existing.get(), amount), true);
		}
		Spent spent = this.ledger.spend(userId, amount, orderId, false);
		return new Written(this.uses.insert(userId, orderId, amount, requestId, IssueStrategy.V1, spent.balanceAfter(),
				spent.takes(), this.clock.instant()), false);
	}

	/**
	 * @param first the order's use
	 * @param amount the amount asked now
	 * @return the use, if asked with the same amount
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED otherwise
	 */
	static PointUse requireSameAmount(PointUse first, long amount) {
		if (first.amount() != amount) {
			throw new DomainException(PointErrorCode.IDEMPOTENCY_KEY_REUSED, "Order " + first.orderId()
					+ " was paid with " + first.amount() + " points already; it cannot be paid with " + amount + ".");
		}
		return first;
	}

	/**
	 * @param code a refusal
	 * @param orderId the order
	 * @return the refusal with a detail for the client
	 */
	static DomainException refusal(ErrorCode code, String orderId) {
		String detail = (code instanceof PointErrorCode point) ? switch (point) {
			case INSUFFICIENT_POINTS -> "Your spendable balance is less than the amount of order " + orderId + ".";
			case USE_CANCELLED -> "Order " + orderId + " was cancelled before its points were used.";
			case IDEMPOTENCY_KEY_REUSED -> "Order " + orderId + " was paid with another amount of points already.";
			default -> code.title() + ".";
		} : code.title() + ".";
		return new DomainException(code, detail);
	}

	/**
	 * What v1 came to.
	 *
	 * @param use the use
	 * @param replayed whether it was the order's first use, written before (nothing spent
	 * now)
	 */
	record Written(PointUse use, boolean replayed) {
	}

}
