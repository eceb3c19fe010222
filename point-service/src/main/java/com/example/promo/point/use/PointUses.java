package com.example.promo.point.use;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.ledger.LotTake;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * The {@code point_use}, {@code point_use_lot} and {@code point_use_tombstone} tables.
 * Writes run in the caller's transaction, under the account's row lock
 * ({@link com.example.promo.point.ledger.Ledger#lockAccount}); the unique keys (user,
 * order) and (request id) refuse anything that slips past it.
 */
@Component
public class PointUses {

	private static final String SELECT = """
			select id, user_id, order_id, amount, request_id, strategy, status, balance_after, used_at, restored
			from point_use""";

	private final NamedParameterJdbcTemplate jdbc;

	PointUses(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param useId a use id
	 * @return the use with its lots, or empty
	 */
	public Optional<PointUse> find(long useId) {
		return withLots(this.jdbc.query(SELECT + " where id = :id", Map.of("id", useId), PointUses::row));
	}

	/**
	 * @param userId the account
	 * @param orderId the order
	 * @return the user's use for that order, with its lots, or empty
	 */
	public Optional<PointUse> find(String userId, String orderId) {
		return withLots(this.jdbc.query(SELECT + " where user_id = :userId and order_id = :orderId",
				Map.of("userId", userId, "orderId", orderId), PointUses::row));
	}

	/**
	 * The order's first answer, if the database has one, in one round trip (the use
	 * path's replay check runs before every use).
	 * @param userId the account
	 * @param orderId the order
	 * @param requestId the order's request id
	 * @return its use's id, its tombstone, or the refusal recorded for its request; empty
	 * if none
	 */
	Optional<FirstAnswer> firstAnswer(String userId, String orderId, String requestId) {
		return this.jdbc
			.query("""
					select 1 as rank_, id as use_id, null as reason from point_use
					where user_id = :userId and order_id = :orderId
					union all
					select 2, null, null from point_use_tombstone where user_id = :userId and order_id = :orderId
					union all
					select 3, null, reason from point_request where request_id = :requestId and status = 'REJECTED'
					order by rank_ limit 1""", Map.of("userId", userId, "orderId", orderId, "requestId", requestId),
					(row, i) -> new FirstAnswer(row.getObject("use_id", Long.class), row.getInt("rank_") == 2,
							row.getString("reason")))
			.stream()
			.findFirst();
	}

	/**
	 * @param userId the account
	 * @param orderIds orders
	 * @return the user's uses of those orders (without lots), by order id
	 */
	Map<String, PointUse> findAll(String userId, Collection<String> orderIds) {
		Map<String, PointUse> uses = new HashMap<>();
		if (!orderIds.isEmpty()) {
			this.jdbc
				.query(SELECT + " where user_id = :userId and order_id in (:orderIds)",
						Map.of("userId", userId, "orderIds", orderIds), PointUses::row)
				.forEach((use) -> uses.put(use.orderId(), use));
		}
		return uses;
	}

	/**
	 * @param userId the account
	 * @param orderId an order
	 * @return whether a cancel arrived for that order before any use of it
	 */
	public boolean tombstoned(String userId, String orderId) {
		return !tombstoned(userId, List.of(orderId)).isEmpty();
	}

	/**
	 * @param userId the account
	 * @param orderIds orders
	 * @return those with a tombstone
	 */
	Set<String> tombstoned(String userId, Collection<String> orderIds) {
		if (orderIds.isEmpty()) {
			return Set.of();
		}
		return Set.copyOf(this.jdbc.queryForList(
				"select order_id from point_use_tombstone where user_id = :userId and order_id in (:orderIds)",
				Map.of("userId", userId, "orderIds", orderIds), String.class));
	}

	/**
	 * Records that a cancel came for an order without a use, unless recorded already.
	 * @param userId the account
	 * @param orderId the order
	 * @param createdBy the cancelling caller
	 * @param now the time
	 */
	void tombstone(String userId, String orderId, String createdBy, Instant now) {
		this.jdbc.update("""
				insert ignore into point_use_tombstone (user_id, order_id, created_by, created_at)
				values (:userId, :orderId, :createdBy, :now)""",
				Map.of("userId", userId, "orderId", orderId, "createdBy", createdBy, "now", utc(now)));
	}

	/**
	 * Inserts a use (status USED) and what it took per lot.
	 * @return the use with its id
	 */
	PointUse insert(String userId, String orderId, long amount, String requestId, IssueStrategy strategy,
			long balanceAfter, List<LotTake> lots, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update("""
				insert into point_use (user_id, order_id, amount, request_id, strategy, status, balance_after, used_at)
				values (:userId, :orderId, :amount, :requestId, :strategy, :status, :balanceAfter, :now)""",
				new MapSqlParameterSource("userId", userId).addValue("orderId", orderId)
					.addValue("amount", amount)
					.addValue("requestId", requestId)
					.addValue("strategy", strategy.name())
					.addValue("status", PointUse.USED)
					.addValue("balanceAfter", balanceAfter)
					.addValue("now", utc(now)),
				key, new String[] { "id" });
		long useId = key.getKey().longValue();
		SqlParameterSource[] rows = lots.stream()
			.map((lot) -> new MapSqlParameterSource("useId", useId).addValue("lotId", lot.lotId())
				.addValue("amount", lot.amount()))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate("insert into point_use_lot (use_id, lot_id, amount) values (:useId, :lotId, :amount)",
				rows);
		return new PointUse(useId, userId, orderId, amount, requestId, strategy, PointUse.USED, balanceAfter, now, null,
				List.copyOf(lots));
	}

	/**
	 * Marks a use cancelled, if it still is USED.
	 * @return whether it was USED (and now is CANCELLED)
	 */
	boolean cancel(long useId, long restored, String cancelledBy, Instant now) {
		return this.jdbc.update("""
				update point_use set status = :cancelled, restored = :restored, cancelled_at = :now,
				                     cancelled_by = :cancelledBy
				where id = :id and status = :used""",
				new MapSqlParameterSource("id", useId).addValue("cancelled", PointUse.CANCELLED)
					.addValue("used", PointUse.USED)
					.addValue("restored", restored)
					.addValue("cancelledBy", cancelledBy)
					.addValue("now", utc(now))) == 1;
	}

	private Optional<PointUse> withLots(List<PointUse> found) {
		if (found.isEmpty()) {
			return Optional.empty();
		}
		PointUse use = found.get(0);
		List<LotTake> lots = new ArrayList<>(this.jdbc.query("""
				select u.lot_id, u.amount from point_use_lot u join point_lot l on l.id = u.lot_id
				where u.use_id = :useId order by l.expires_at, l.id""", Map.of("useId", use.useId()),
				(row, i) -> new LotTake(row.getLong(1), row.getLong(2))));
		return Optional.of(new PointUse(use.useId(), use.userId(), use.orderId(), use.amount(), use.requestId(),
				use.strategy(), use.status(), use.balanceAfter(), use.usedAt(), use.restored(), List.copyOf(lots)));
	}

	private static PointUse row(ResultSet row, int i) throws SQLException {
		long restored = row.getLong("restored");
		Long restoredOrNull = row.wasNull() ? null : restored;
		return new PointUse(row.getLong("id"), row.getString("user_id"), row.getString("order_id"),
				row.getLong("amount"), row.getString("request_id"), IssueStrategy.valueOf(row.getString("strategy")),
				row.getString("status"), row.getLong("balance_after"), instant(row, "used_at"), restoredOrNull,
				List.of());
	}

	/**
	 * An order's first answer in the database.
	 *
	 * @param useId its use, or {@code null}
	 * @param tombstoned whether a cancel came before any use of it
	 * @param refusal the refusal code recorded for its request, or {@code null}
	 */
	record FirstAnswer(Long useId, boolean tombstoned, String refusal) {
	}

}
