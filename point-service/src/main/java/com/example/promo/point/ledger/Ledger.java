package com.example.promo.point.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

import com.example.promo.common.error.DomainException;
import com.example.promo.point.PointErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * The only writer of points (DESIGN.md §4.2): every change of a lot's {@code remaining}
 * writes one ledger entry and moves the account's {@code balance} by the same amount, in
 * the caller's transaction and under the account's row lock, so per account Σ ledger = Σ
 * lot remaining = balance ≥ 0 (the CHECKs of V1 refuse anything else). Two writers of one
 * account queue on its row: a use never picks a lot another use is taking from. Every
 * method publishes {@link PointsChanged} (acted on after commit).
 * <p>
 * Lots are spent earliest expiry first, ties by lot id; a lot whose {@code expires_at}
 * has passed is never spent, even before the expiry sweep has written it off.
 */
@Component
public class Ledger {

	private static final String ENTRY_INSERT = """
			insert into point_ledger_entry (user_id, type, amount, balance_after, reason, order_id, promotion_id,
			                                lot_id, shortfall, created_at)
			values (:userId, :type, :amount, :balanceAfter, :reason, :orderId, :promotionId, :lotId, :shortfall, :now)""";

	private final NamedParameterJdbcTemplate jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	Ledger(NamedParameterJdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Locks a user's account row until commit, creating it (balance 0) if missing.
	 * @param userId the user
	 * @return the account's balance: Σ ledger, expired-but-unswept lots included
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long lockAccount(String userId) {
		Instant now = this.clock.instant();
		this.jdbc.update("""
				insert into point_account (user_id, balance, created_at, updated_at) values (:userId, 0, :now, :now)
				on duplicate key update user_id = user_id""", Map.of("userId", userId, "now", utc(now)));
		return this.jdbc.queryForObject("select balance from point_account where user_id = :userId for update",
				Map.of("userId", userId), Long.class);
	}

	/**
	 * Locks many accounts until commit, in user id order (the order every writer locks
	 * them in), creating the missing ones.
	 * @param userIds users, in any order, possibly repeated
	 * @param now the time of the write
	 * @return each account's balance (Σ ledger), by user id
	 */
	private Map<String, Long> lockAccounts(Collection<String> userIds, Instant now) {
		SortedSet<String> users = new TreeSet<>(userIds);
		this.jdbc.batchUpdate("""
				insert into point_account (user_id, balance, created_at, updated_at) values (:userId, 0, :now, :now)
				on duplicate key update user_id = user_id""",
				users.stream()
					.map((userId) -> new MapSqlParameterSource("userId", userId).addValue("now", utc(now)))
					.toArray(MapSqlParameterSource[]::new));
		Map<String, Long> balances = new HashMap<>();
		this.jdbc.query("select user_id, balance from point_account where user_id in (:users) for update",
				Map.of("users", users), (row) -> {
					balances.put(row.getString(1), row.getLong(2));
				});
		return balances;
	}

	/**
	 * Earns points into a new lot: the lot, an EARN entry, the balance.
	 * @param earning what to earn
	 * @return the new lot
	 * @throws org.springframework.dao.DuplicateKeyException if a lot of the same source
	 * and ref exists (the earning happened already)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Lot earn(Earning earning) {
		long balance = lockAccount(earning.userId());
		Instant now = this.clock.instant();
		long lotId = insertLot(earning.userId(), earning.amount(), earning.source(), earning.sourceRef(), now,
				earning.expiresAt());
		entry(earning.userId(), EntryType.EARN, earning.amount(), balance, earning.reason(), earning.orderId(),
				earning.promotionId(), lotId, null, now);
		changed(earning.userId(), false);
		return new Lot(lotId, earning.userId(), earning.amount(), earning.amount(), earning.source(), now,
				earning.expiresAt());
	}

	/**
	 * Earns many lots in a fixed number of statements, whatever their number (a batch of
	 * promotion joins): the accounts are locked in user id order, then the lots, the EARN
	 * entries (each user's in the given order) and the balances are written in JDBC
	 * batches.
	 * @param earnings what to earn; sources and refs distinct
	 * @return the new lots, in the order of {@code earnings}
	 * @throws org.springframework.dao.DuplicateKeyException if a lot of the same source
	 * and ref exists (the earning happened already)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Lot> earnAll(List<Earning> earnings) {
		if (earnings.size() <= 1) {
			return earnings.stream().map(this::earn).toList();
		}
		Instant now = this.clock.instant();
		Map<String, Long> balances = lockAccounts(earnings.stream().map(Earning::userId).toList(), now);
		this.jdbc.batchUpdate("""
				insert into point_lot (user_id, amount, remaining, source, source_ref, earned_at, expires_at)
				values (:userId, :amount, :amount, :source, :sourceRef, :now, :expiresAt)""",
				earnings.stream()
					.map((e) -> new MapSqlParameterSource("userId", e.userId()).addValue("amount", e.amount())
						.addValue("source", e.source().name())
						.addValue("sourceRef", e.sourceRef())
						.addValue("now", utc(now))
						.addValue("expiresAt", utc(e.expiresAt())))
					.toArray(MapSqlParameterSource[]::new));
		Map<String, Long> lotIds = new HashMap<>();
		this.jdbc.query(
				"select id, source, source_ref from point_lot where user_id in (:users) and source_ref in (:refs)",
				Map.of("users", balances.keySet(), "refs", earnings.stream().map(Earning::sourceRef).toList()),
				(row) -> {
					lotIds.put(row.getString(2) + "|" + row.getString(3), row.getLong(1));
				});
		List<Lot> lots = new ArrayList<>(earnings.size());
		List<MapSqlParameterSource> entries = new ArrayList<>(earnings.size());
		for (Earning e : earnings) {
			long lotId = lotIds.get(e.source().name() + "|" + e.sourceRef());
			long balanceAfter = balances.merge(e.userId(), e.amount(), Long::sum);
			entries.add(entryRow(e.userId(), EntryType.EARN, e.amount(), balanceAfter, e.reason(), e.orderId(),
					e.promotionId(), lotId, null, now));
			lots.add(new Lot(lotId, e.userId(), e.amount(), e.amount(), e.source(), now, e.expiresAt()));
		}
		this.jdbc.batchUpdate(ENTRY_INSERT, entries.toArray(MapSqlParameterSource[]::new));
		this.jdbc.batchUpdate("update point_account set balance = :balance, updated_at = :now where user_id = :userId",
				balances.entrySet()
					.stream()
					.map((b) -> new MapSqlParameterSource("userId", b.getKey()).addValue("balance", b.getValue())
						.addValue("now", utc(now)))
					.toArray(MapSqlParameterSource[]::new));
		balances.keySet().forEach((userId) -> changed(userId, false));
		return lots;
	}

	/**
	 * Spends points from the user's unexpired lots, earliest expiry first: the lots, a
	 * USE entry, the balance.
	 * @param userId the user
	 * @param amount points (&gt; 0)
	 * @param orderId the order they pay for
	 * @param countedByGate whether the account's gate already took them (v2/v3)
	 * @return the entry, the spendable balance after, the points taken per lot
	 * @throws DomainException INSUFFICIENT_POINTS if the unexpired lots hold less;
	 * nothing is written
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Spent spend(String userId, long amount, String orderId, boolean countedByGate) {
		long balance = lockAccount(userId);
		Instant now = this.clock.instant();
		List<long[]> lots = this.jdbc.query("""
				select id, remaining from point_lot
				where user_id = :userId and expires_at > :now and remaining > 0
				order by expires_at, id""", Map.of("userId", userId, "now", utc(now)),
				(row, i) -> new long[] { row.getLong(1), row.getLong(2) });
		long spendable = lots.stream().mapToLong((lot) -> lot[1]).sum();
		if (spendable < amount) {
			throw insufficient(userId, amount, spendable);
		}
		List<LotTake> takes = new ArrayList<>();
		long left = amount;
		for (long[] lot : lots) {
			if (left == 0) {
				break;
			}
			long take = Math.min(left, lot[1]);
			takes.add(new LotTake(lot[0], take));
			left -= take;
		}
		MapSqlParameterSource[] updates = takes.stream()
			.map((take) -> new MapSqlParameterSource("id", take.lotId()).addValue("take", take.amount()))
			.toArray(MapSqlParameterSource[]::new);
		int[] rows = this.jdbc.batchUpdate(
				"update point_lot set remaining = remaining - :take where id = :id and remaining >= :take", updates);
		for (int row : rows) {
			if (row == 0) {
				throw new IllegalStateException("a lot of " + userId + " changed under the account's lock");
			}
		}
		long entryId = entry(userId, EntryType.USE, -amount, balance, null, orderId, null, null, null, now);
		changed(userId, countedByGate);
		return new Spent(entryId, spendable - amount, List.copyOf(takes));
	}

	/**
	 * Gives back what a use took: to each lot still unexpired exactly what was taken from
	 * it; what belonged to lots that have expired meanwhile, into one new RESTORED lot
	 * (ref = the use id) valid {@code restoredValidity} from now. One CANCEL_USE entry.
	 * @param userId the user
	 * @param useId the cancelled use
	 * @param takes what it took per lot
	 * @param orderId its order
	 * @param restoredValidity validity of the new lot
	 * @return what was given back
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Restored restore(String userId, long useId, List<LotTake> takes, String orderId, Duration restoredValidity) {
		long balance = lockAccount(userId);
		Instant now = this.clock.instant();
		long total = 0;
		long expired = 0;
		for (LotTake take : takes) {
			total += take.amount();
			int rows = this.jdbc.update("""
					update point_lot set remaining = remaining + :amount
					where id = :id and user_id = :userId and expires_at > :now and remaining + :amount <= amount""",
					Map.of("id", take.lotId(), "userId", userId, "amount", take.amount(), "now", utc(now)));
			if (rows == 0) {
				expired += take.amount();
			}
		}
		Long restoredLotId = (expired > 0)
				? insertLot(userId, expired, LotSource.RESTORED, Long.toString(useId), now, now.plus(restoredValidity))
				: null;
		long entryId = entry(userId, EntryType.CANCEL_USE, total, balance, null, orderId, null, restoredLotId, null,
				now);
		changed(userId, false);
		return new Restored(entryId, total, restoredLotId, spendable(userId));
	}

	/**
	 * Writes off what the user's expired lots still hold: per lot an EXPIRE entry and
	 * remaining 0. Re-running it finds nothing more to write.
	 * @param userId the user
	 * @return points written off now
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public long expire(String userId) {
		long balance = lockAccount(userId);
		Instant now = this.clock.instant();
		List<long[]> lots = this.jdbc.query("""
				select id, remaining from point_lot
				where user_id = :userId and expires_at <= :now and remaining > 0
				order by expires_at, id""", Map.of("userId", userId, "now", utc(now)),
				(row, i) -> new long[] { row.getLong(1), row.getLong(2) });
		long total = 0;
		for (long[] lot : lots) {
			this.jdbc.update("update point_lot set remaining = 0 where id = :id and remaining = :remaining",
					Map.of("id", lot[0], "remaining", lot[1]));
			entry(userId, EntryType.EXPIRE, -lot[1], balance - total, "expired", null, null, lot[0], null, now);
			total += lot[1];
		}
		if (total > 0) {
			changed(userId, false);
		}
		return total;
	}

	/**
	 * Takes back what remains of one lot (a refunded order's purchase reward): a REVOKE
	 * entry for the remainder, with what was already spent as its {@code shortfall}.
	 * @param userId the owner
	 * @param lotId the lot
	 * @param orderId the refunded order
	 * @return points taken back and the shortfall
	 * @throws org.springframework.dao.EmptyResultDataAccessException if the user has no
	 * such lot
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Revoked revoke(String userId, long lotId, String orderId) {
		long balance = lockAccount(userId);
		Instant now = this.clock.instant();
		long[] lot = this.jdbc.queryForObject(
				"select amount, remaining from point_lot where id = :id and user_id = :userId for update",
				Map.of("id", lotId, "userId", userId), (row, i) -> new long[] { row.getLong(1), row.getLong(2) });
		long remaining = lot[1];
		long shortfall = lot[0] - remaining;
		if (remaining > 0) {
			this.jdbc.update("update point_lot set remaining = 0 where id = :id and remaining = :remaining",
					Map.of("id", lotId, "remaining", remaining));
		}
		entry(userId, EntryType.REVOKE, -remaining, balance, "order refunded", orderId, null, lotId, shortfall, now);
		changed(userId, false);
		return new Revoked(remaining, shortfall);
	}

	/**
	 * @param userId the user
	 * @return what the user can spend now: Σ remaining of unexpired lots, in points
	 */
	public long spendable(String userId) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(remaining), 0) from point_lot
				where user_id = :userId and expires_at > :now and remaining > 0""",
				Map.of("userId", userId, "now", utc(this.clock.instant())), Long.class);
	}

	/**
	 * @param userId the user
	 * @return the user's unexpired lots with points left, earliest expiry first
	 */
	public List<Lot> spendableLots(String userId) {
		return this.jdbc.query("""
				select id, user_id, amount, remaining, source, earned_at, expires_at from point_lot
				where user_id = :userId and expires_at > :now and remaining > 0
				order by expires_at, id""", Map.of("userId", userId, "now", utc(this.clock.instant())),
				(row, i) -> new Lot(row.getLong("id"), row.getString("user_id"), row.getLong("amount"),
						row.getLong("remaining"), LotSource.valueOf(row.getString("source")), instant(row, "earned_at"),
						instant(row, "expires_at")));
	}

	static DomainException insufficient(String userId, long amount, long spendable) {
		return new DomainException(PointErrorCode.INSUFFICIENT_POINTS, "Spending " + amount + " points needs "
				+ (amount - spendable) + " more than the " + spendable + " spendable now.");
	}

	private long insertLot(String userId, long amount, LotSource source, String sourceRef, Instant now,
			Instant expiresAt) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update("""
				insert into point_lot (user_id, amount, remaining, source, source_ref, earned_at, expires_at)
				values (:userId, :amount, :amount, :source, :sourceRef, :now, :expiresAt)""",
				new MapSqlParameterSource("userId", userId).addValue("amount", amount)
					.addValue("source", source.name())
					.addValue("sourceRef", sourceRef)
					.addValue("now", utc(now))
					.addValue("expiresAt", utc(expiresAt)),
				key, new String[] { "id" });
		return key.getKey().longValue();
	}

	/**
	 * Appends one entry and moves the (locked) account's balance by its amount.
	 * @param balanceBefore the account's balance before this entry
	 * @return the entry id
	 */
	private long entry(String userId, EntryType type, long amount, long balanceBefore, String reason, String orderId,
			Long promotionId, Long lotId, Long shortfall, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update(ENTRY_INSERT, entryRow(userId, type, amount, balanceBefore + amount, reason, orderId,
				promotionId, lotId, shortfall, now), key, new String[] { "id" });
		int rows = this.jdbc.update(
				"update point_account set balance = balance + :amount, updated_at = :now"
						+ " where user_id = :userId and balance + :amount >= 0",
				Map.of("userId", userId, "amount", amount, "now", utc(now)));
		if (rows != 1) {
			throw new IllegalStateException("the balance of " + userId + " would go below 0");
		}
		return key.getKey().longValue();
	}

	private static MapSqlParameterSource entryRow(String userId, EntryType type, long amount, long balanceAfter,
			String reason, String orderId, Long promotionId, Long lotId, Long shortfall, Instant now) {
		return new MapSqlParameterSource("userId", userId).addValue("type", type.name())
			.addValue("amount", amount)
			.addValue("balanceAfter", balanceAfter)
			.addValue("reason", reason)
			.addValue("orderId", orderId)
			.addValue("promotionId", promotionId)
			.addValue("lotId", lotId)
			.addValue("shortfall", shortfall)
			.addValue("now", utc(now));
	}

	private void changed(String userId, boolean countedByGate) {
		this.events.publishEvent(new PointsChanged(userId, countedByGate));
	}

	/**
	 * What {@link #restore} gave back.
	 *
	 * @param entryId the CANCEL_USE entry
	 * @param restored points given back in all
	 * @param restoredLotId the new lot for what belonged to expired lots, or {@code null}
	 * @param balanceAfter the spendable balance after, in points
	 */
	public record Restored(long entryId, long restored, Long restoredLotId, long balanceAfter) {
	}

	/**
	 * What {@link #revoke} took back.
	 *
	 * @param revoked points taken back (what remained of the lot)
	 * @param shortfall points of the lot already spent, not clawed back
	 */
	public record Revoked(long revoked, long shortfall) {
	}

}
