package com.example.promo.point.reward;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.example.promo.point.PointProperties;
import com.example.promo.point.ledger.Earning;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Lot;
import com.example.promo.point.ledger.LotSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * Purchase rewards (DESIGN.md §4.2): a confirmed order earns
 * {@code floor(paidAmount × promo.points.purchase-reward-rate)} points into a
 * PURCHASE_REWARD lot (ref = order id) valid {@code purchase-reward-valid-days}; a refund
 * takes back what remains of that lot (REVOKE, the spent part as its shortfall).
 * <p>
 * Each event has its effect once: its {@code point_reward_event} row (primary key = event
 * id) is written in the same transaction as the effect, and an order earns at most one
 * reward lot ({@code uk_point_lot_source}). Both events of a user are handled under the
 * user's account row lock, so a refund handled before its order's confirmation (they
 * travel on different topics) makes that confirmation earn nothing.
 */
@Service
public class PurchaseRewards {

	private static final int ID_LENGTH = 64;

	private final NamedParameterJdbcTemplate jdbc;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final PointProperties properties;

	private final Clock clock;

	PurchaseRewards(NamedParameterJdbcTemplate jdbc, Ledger ledger, PlatformTransactionManager transactionManager,
			PointProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param paidAmount KRW paid
	 * @return the reward for it: floor(paidAmount × rate), in points
	 */
	public long rewardFor(long paidAmount) {
		return BigDecimal.valueOf(paidAmount)
			.multiply(this.properties.purchaseRewardRate())
			.setScale(0, RoundingMode.FLOOR)
			.longValueExact();
	}

	/**
	 * Rewards a confirmed order, once per event and once per order.
	 * @param event the event
	 * @return the points earned now (0 for a repeated event or order, a refunded order,
	 * or a reward that floors to 0)
	 * @throws IllegalArgumentException if the event is malformed (blank or overlong ids,
	 * a missing or negative amount): nothing is written
	 */
	public long confirmed(OrderConfirmed event) {
		validate(event);
		long points = rewardFor(event.paidAmount());
		return inTransaction(() -> {
			this.ledger.lockAccount(event.userId());
			if (!recordEvent(event.eventId(), "CONFIRMED", event.orderId(), event.userId())) {
				return 0L;
			}
			if (points == 0 || rewardLot(event.orderId()) != null || refunded(event.orderId())) {
				return 0L;
			}
			Instant expiresAt = this.clock.instant().plus(Duration.ofDays(this.properties.purchaseRewardValidDays()));
			Lot lot = this.ledger.earn(new Earning(event.userId(), points, LotSource.PURCHASE_REWARD, event.orderId(),
					expiresAt, "purchase reward", event.orderId(), null));
			settleEvent(event.eventId(), points, lot.lotId());
			return points;
		});
	}

	/**
	 * Takes back what remains of a refunded order's reward, once per event.
	 * @param event the event
	 * @return what was taken back and the shortfall, or {@code null} if nothing was done
	 * (a repeated event, an order without a reward lot, a reward already revoked by
	 * another refund event of the same order)
	 * @throws IllegalArgumentException if the event is malformed (blank or overlong ids):
	 * nothing is written
	 */
	public Ledger.Revoked refunded(OrderRefunded event) {
		validate(event);
		return inTransaction(() -> {
			this.ledger.lockAccount(event.userId());
			if (!recordEvent(event.eventId(), "REFUNDED", event.orderId(), event.userId())) {
				return null;
			}
			RewardLot lot = rewardLot(event.orderId());
			if (lot == null || !lot.userId().equals(event.userId()) || revoked(lot.lotId())) {
				return null;
			}
			Ledger.Revoked revoked = this.ledger.revoke(event.userId(), lot.lotId(), event.orderId());
			settleEvent(event.eventId(), -revoked.revoked(), lot.lotId());
			return revoked;
		});
	}

	/**
	 * Runs one transaction; if a concurrent handler of the same event or order committed
	 * first (a unique key), runs it once more, when it finds that handler's work done.
	 */
	private <T> T inTransaction(Supplier<T> work) {
		try {
			return this.transactions.execute((status) -> work.get());
		}
		catch (DuplicateKeyException ex) {
			return this.transactions.execute((status) -> work.get());
		}
	}

	/**
	 * @return whether the event is new (its row written now, points 0 so far)
	 */
	private boolean recordEvent(String eventId, String type, String orderId, String userId) {
		try {
			this.jdbc.update("""
					insert into point_reward_event (event_id, type, order_id, user_id, points, lot_id, processed_at)
					values (:eventId, :type, :orderId, :userId, 0, null, :now)""",
					new MapSqlParameterSource("eventId", eventId).addValue("type", type)
						.addValue("orderId", orderId)
						.addValue("userId", userId)
						.addValue("now", utc(this.clock.instant())));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	private void settleEvent(String eventId, long points, long lotId) {
		this.jdbc.update("update point_reward_event set points = :points, lot_id = :lotId where event_id = :eventId",
				Map.of("eventId", eventId, "points", points, "lotId", lotId));
	}

	private RewardLot rewardLot(String orderId) {
		List<RewardLot> lots = this.jdbc.query(
				"select id, user_id from point_lot where source = 'PURCHASE_REWARD' and source_ref = :orderId",
				Map.of("orderId", orderId), (row, i) -> new RewardLot(row.getLong("id"), row.getString("user_id")));
		return lots.isEmpty() ? null : lots.get(0);
	}

	/**
	 * @return whether another refund event already revoked the lot
	 */
	private boolean revoked(long lotId) {
		return this.jdbc.queryForObject(
				"select count(*) from point_reward_event where lot_id = :lotId and type = 'REFUNDED'",
				Map.of("lotId", lotId), Integer.class) > 0;
	}

	private boolean refunded(String orderId) {
		return this.jdbc.queryForObject(
				"select count(*) from point_reward_event where order_id = :orderId and type = 'REFUNDED'",
				Map.of("orderId", orderId), Integer.class) > 0;
	}

	private static void validate(OrderConfirmed event) {
		requireId("eventId", event.eventId());
		requireId("orderId", event.orderId());
		requireId("userId", event.userId());
		if (event.paidAmount() == null) {
			throw new IllegalArgumentException("paidAmount is missing");
		}
		requireNotNegative("paidAmount", event.paidAmount());
		requireNotNegative("totalAmount", event.totalAmount());
		requireNotNegative("couponDiscount", event.couponDiscount());
		requireNotNegative("pointsUsed", event.pointsUsed());
		requireNotNegative("quantity", (event.quantity() != null) ? event.quantity().longValue() : null);
	}

	private static void validate(OrderRefunded event) {
		requireId("eventId", event.eventId());
		requireId("orderId", event.orderId());
		requireId("userId", event.userId());
	}

	private static void requireId(String name, String value) {
		if (value == null || value.isBlank() || value.length() > ID_LENGTH) {
			throw new IllegalArgumentException(name + " must be 1-" + ID_LENGTH + " characters, not blank");
		}
	}

	private static void requireNotNegative(String name, Long value) {
		if (value != null && value < 0) {
			throw new IllegalArgumentException(name + " must not be negative: " + value);
		}
	}

	/** An order's reward lot and its owner. */
	private record RewardLot(long lotId, String userId) {
	}

}
