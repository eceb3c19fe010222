package com.example.promo.point.use;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.example.promo.common.issuing.BatchWriter;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Spent;
import com.example.promo.point.request.PointRequests;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * The database write of many use requests in one transaction: v3's consumed batches, and
 * v2's concurrent requests coalesced by the issuing kit's group commit. Accounts are
 * taken in user id order (two batches never wait on each other's locks in opposite
 * orders); per account the row is locked once, its tombstones and existing uses of the
 * batch's orders read in two queries, then each request is decided in order by
 * {@link PointUseWriter}'s rules: {@code USE_CANCELLED}; a replay of the order's use
 * (recorded DONE if the amount is the same, else REJECTED {@code IDEMPOTENCY_KEY_REUSED};
 * nothing spent either way); {@code INSUFFICIENT_POINTS}; else spent and written.
 * <p>
 * Every outcome is recorded in {@code point_request} in the same transaction; requests
 * recorded already are skipped, so a redelivered or repeated request is a no-op. The one
 * exception is {@code REJECTED PROCESSING_FAILED} (a dead letter): replayed by an admin,
 * the consumer (V3) decides it again and the outcome says {@link UseWritten#reopened()}.
 * <p>
 * A refusal never fails a statement: the spendable balance is read once under the lock
 * and a request is only spent when it surely fits, so no request's refusal can roll the
 * others back. To be sure, that balance leaves out lots expiring within
 * {@link #EXPIRY_MARGIN} (the ledger, which reads the time again, must not find them
 * expired and refuse after all); a use that fits only thanks to such a lot is refused.
 */
@Component
class BatchUseWriter implements BatchWriter<PointUseRequested, UseWritten> {

	/** Lots expiring sooner than this are not counted on by a batch. */
	static final Duration EXPIRY_MARGIN = Duration.ofMinutes(1);

	private final Ledger ledger;

	private final PointUses uses;

	private final PointRequests requests;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	BatchUseWriter(Ledger ledger, PointUses uses, PointRequests requests, NamedParameterJdbcTemplate jdbc,
			Clock clock) {
		this.ledger = ledger;
		this.uses = uses;
		this.requests = requests;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Writes a batch of use requests.
	 * @param batch requests in arrival (partition) order, possibly repeated
	 * @param strategy what served them (V2 or V3), stored on each use
	 * @return the outcomes written now, by user id and then in batch order, excluding
	 * requests already recorded
	 * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent
	 * batch recorded one of the requests first (the whole batch is rolled back)
	 */
	@Override
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public List<UseWritten> write(List<PointUseRequested> batch, IssueStrategy strategy) {
		Set<String> seen = this.requests.recorded(batch.stream().map(PointUseRequested::requestId).toList());
		// Only a request recorded already can be a replayed dead letter: a fresh batch
		// costs no second query.
		Set<String> reopened = (strategy == IssueStrategy.V3 && !seen.isEmpty()) ? this.requests.reopenFailed(seen)
				: Set.of();
		seen.removeAll(reopened);
		Map<String, List<PointUseRequested>> byUser = new TreeMap<>();
		for (PointUseRequested request : batch) {
			if (seen.add(request.requestId())) {
				byUser.computeIfAbsent(request.userId(), (id) -> new ArrayList<>()).add(request);
			}
		}
		List<UseWritten> written = new ArrayList<>();
		byUser.forEach((userId, requests) -> written.addAll(writeAccount(userId, requests, strategy)));
		this.requests.insertAll(written.stream().map(UseWritten::outcome).toList());
		if (!reopened.isEmpty()) {
			written.replaceAll((w) -> reopened.contains(w.requestId()) ? w.asReopened() : w);
		}
		return written;
	}

	private List<UseWritten> writeAccount(String userId, List<PointUseRequested> requests, IssueStrategy strategy) {
		this.ledger.lockAccount(userId);
		List<String> orderIds = requests.stream().map(PointUseRequested::orderId).distinct().toList();
		Set<String> tombstoned = this.uses.tombstoned(userId, orderIds);
		Map<String, PointUse> existing = this.uses.findAll(userId, orderIds);
		Instant now = this.clock.instant();
		long fits = spendableBeyond(userId, now.plus(EXPIRY_MARGIN));
		List<UseWritten> written = new ArrayList<>(requests.size());
		for (PointUseRequested request : requests) {
			PointUse first = existing.get(request.orderId());
			if (tombstoned.contains(request.orderId())) {
				written.add(UseWritten.rejected(request, PointErrorCode.USE_CANCELLED, now));
			}
			else if (first != null) {
				// Recorded since this batch looked (a concurrent batch of the same
				// request): skipped like any recorded request.
				if (this.requests.recorded(List.of(request.requestId())).isEmpty()) {
					written.add(UseWritten.replayed(request, first, now));
				}
			}
			else if (request.amount() > fits) {
				written.add(UseWritten.rejected(request, PointErrorCode.INSUFFICIENT_POINTS, now));
			}
			else {
				Spent spent = this.ledger.spend(userId, request.amount(), request.orderId(), true);
				// The ledger takes earliest expiry first, possibly from lots left out of
				// fits: what still surely fits is at least this.
				fits -= request.amount();
				PointUse use = this.uses.insert(userId, request.orderId(), request.amount(), request.requestId(),
						strategy, spent.balanceAfter(), spent.takes(), now);
				existing.put(request.orderId(), use);
				written.add(UseWritten.used(request, use, now));
			}
		}
		return written;
	}

	/** Σ remaining of the user's lots that are still unexpired at {@code horizon}. */
	private long spendableBeyond(String userId, Instant horizon) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(remaining), 0) from point_lot
				where user_id = :userId and expires_at > :horizon and remaining > 0""",
				Map.of("userId", userId, "horizon", utc(horizon)), Long.class);
	}

}
