package com.example.promo.timesale.hold;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.sale.SaleStock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The end of a hold without payment (DESIGN.md §4.3): a cancel by its buyer, or expiry
 * once {@code pay_by} has passed — lazily (on read, pay or cancel) and by the sweep
 * ({@link HoldExpiryJob}). Each is a conditional {@code UPDATE … WHERE status = 'HELD'}
 * that also leaves alone an order whose pay saga holds the lease ({@code pay_lease_until}
 * in the future); only the transaction whose update changed the row gives the units back
 * ({@link SaleStock#release}), so stock returns exactly once however many cancels, lazy
 * expiries and sweeps race on one order, on however many instances. The sweep and a
 * sale's read end a sale's due holds together: one transaction with the sale's row locked
 * first, the orders locked and updated at once, their units back by buyer
 * ({@link SaleStock#releaseAll}); a flash sale's thousands of holds due in the same
 * second do not take a commit each. The gate gets the units back after that commit
 * ({@link SaleGate#giveBack}, its generation read before the transaction). Every method
 * runs its own transactions ({@code REQUIRES_NEW}): call it outside any transaction that
 * has written the order. Counted in {@code promo.timesale.holds.expired} (tag {@code by}:
 * {@code sweep}, {@code lazy}, {@code cancel}) and
 * {@code promo.timesale.orders.cancelled}.
 */
@Component
public class Holds {

	private static final Logger log = LoggerFactory.getLogger(Holds.class);

	/** Most due holds a read of a sale expires itself. */
	private static final int SALE_READ_LIMIT = 100;

	/** Attempts of one cancel against a row that keeps changing under it. */
	private static final int ATTEMPTS = 5;

	private final JdbcTemplate jdbc;

	private final NamedParameterJdbcTemplate named;

	private final SaleStock stock;

	private final SaleGate gate;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Counter cancelled;

	private final Counter expiredBySweep;

	private final Counter expiredLazily;

	private final Counter expiredOnCancel;

	Holds(JdbcTemplate jdbc, SaleStock stock, SaleGate gate, PlatformTransactionManager transactionManager, Clock clock,
			MeterRegistry meters) {
		this.jdbc = jdbc;
		this.named = new NamedParameterJdbcTemplate(jdbc);
		this.stock = stock;
		this.gate = gate;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.clock = clock;
		this.cancelled = Counter.builder("promo.timesale.orders.cancelled")
			.description("Held orders cancelled by their buyer (Prometheus: promo_timesale_orders_cancelled_total)")
			.register(meters);
		this.expiredBySweep = expiredCounter(meters, "sweep");
		this.expiredLazily = expiredCounter(meters, "lazy");
		this.expiredOnCancel = expiredCounter(meters, "cancel");
	}

	private static Counter expiredCounter(MeterRegistry meters, String by) {
		return Counter.builder("promo.timesale.holds.expired")
			.description("Held orders expired past payBy, units back to the sale "
					+ "(Prometheus: promo_timesale_holds_expired_total)")
			.tag("by", by)
			.register(meters);
	}

	/**
	 * Cancels the buyer's held order: HELD → CANCELLED once, its units back to the sale
	 * and, after commit, to the gate. Idempotent: an order already CANCELLED (or EXPIRED)
	 * answers as it is. A HELD order past {@code payBy} is expired instead (as
	 * {@link #expireIfDue}) and answers EXPIRED.
	 * @param orderId the order
	 * @param userId the caller, who must be the buyer
	 * @return the order's status after the call: {@code CANCELLED} or {@code EXPIRED}
	 * @throws DomainException {@code 404 ORDER_NOT_FOUND} (no such order, or another
	 * user's), {@code 409 ORDER_NOT_CANCELLABLE} (PAID, REFUNDED), {@code 409
	 * PAYMENT_IN_PROGRESS} (a pay saga holds the order's lease)
	 */
	public String cancel(long orderId, String userId) {
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			Hold hold = find(orderId);
			if (hold == null || !hold.userId().equals(userId)) {
				throw new DomainException(TimesaleErrorCode.ORDER_NOT_FOUND, "No order " + orderId + ".");
			}
			Instant now = this.clock.instant();
			switch (hold.status()) {
				case "CANCELLED", "EXPIRED" -> {
					return hold.status();
				}
				case "HELD" -> {
					if (hold.leasedAt(now)) {
						throw paymentInProgress(orderId);
					}
					if (hold.dueAt(now)) {
						expire(hold, this.expiredOnCancel);
						continue;
					}
					if (end(hold, "CANCELLED", now)) {
						this.cancelled.increment();
						return "CANCELLED";
					}
					// Changed under us (paid, expired, leased, cancelled by a twin
					// request): read again.
				}
				default -> throw new DomainException(TimesaleErrorCode.ORDER_NOT_CANCELLABLE,
						"Order " + orderId + " is " + hold.status() + ": a paid order is refunded, not cancelled.");
			}
		}
		throw paymentInProgress(orderId);
	}

	/**
	 * Lazy expiry: if the order is HELD, {@code pay_by <= now} and no pay lease is
	 * active, HELD → EXPIRED once ({@code expired_at} set), its units back to the sale
	 * and, after commit, to the gate.
	 * @param orderId the order
	 * @return whether this call expired it ({@code false} if it was not due, not HELD,
	 * leased, missing, or another call expired or ended it first)
	 */
	public boolean expireIfDue(long orderId) {
		Hold hold = find(orderId);
		if (hold == null || !"HELD".equals(hold.status())) {
			return false;
		}
		return expire(hold, this.expiredLazily);
	}

	/**
	 * Lazy expiry on a read of one sale: expires its due holds (up to
	 * {@value #SALE_READ_LIMIT} in one transaction, the rest are the sweep's), so its
	 * held and remaining counts never wait for the sweep. An indexed look at the sale's
	 * HELD orders; nothing is written when none is due.
	 * @param saleId the sale
	 * @return how many this call expired
	 */
	public int expireDueOf(long saleId) {
		LocalDateTime now = UtcColumns.utc(this.clock.instant());
		List<Hold> due = this.jdbc.query("""
				SELECT id, sale_id, user_id, quantity, status, pay_by, pay_lease_until FROM sale_order
				 WHERE sale_id = ? AND status = 'HELD' AND pay_by <= ?
				   AND (pay_lease_until IS NULL OR pay_lease_until < ?)
				 ORDER BY pay_by, id LIMIT ?""", Holds::map, saleId, now, now, SALE_READ_LIMIT);
		return expireTogether(saleId, due, this.expiredLazily);
	}

	/**
	 * The sweep's step: expires up to {@code limit} due orders (oldest {@code pay_by}
	 * first, leased ones left alone), one transaction per sale among them; an order
	 * another instance or a lazy expiry or cancel ended first is skipped, one that fails
	 * is logged and left for the next round.
	 * @param limit orders to look at, ≥ 1
	 * @return how many this call expired
	 */
	public int expireDue(int limit) {
		return expirePage(limit, null).expired();
	}

	/**
	 * Expires every order due now, in pages of {@code pageSize} walked by
	 * ({@code pay_by}, id), so an order that keeps failing (logged) does not stop the
	 * ones behind it.
	 * @param pageSize orders per page
	 * @return how many this call expired
	 */
	int expireAllDue(int pageSize) {
		int expired = 0;
		Page page = expirePage(pageSize, null);
		expired += page.expired();
		while (page.selected() >= pageSize) {
			page = expirePage(pageSize, page.last());
			expired += page.expired();
		}
		return expired;
	}

	private Page expirePage(int limit, Hold after) {
		LocalDateTime now = UtcColumns.utc(this.clock.instant());
		List<Hold> due = (after == null) ? this.jdbc.query("""
				SELECT id, sale_id, user_id, quantity, status, pay_by, pay_lease_until FROM sale_order
				 WHERE status = 'HELD' AND pay_by <= ? AND (pay_lease_until IS NULL OR pay_lease_until < ?)
				 ORDER BY pay_by, id LIMIT ?""", Holds::map, now, now, limit) : this.jdbc.query("""
				SELECT id, sale_id, user_id, quantity, status, pay_by, pay_lease_until FROM sale_order
				 WHERE status = 'HELD' AND pay_by <= ? AND (pay_lease_until IS NULL OR pay_lease_until < ?)
				   AND (pay_by > ? OR (pay_by = ? AND id > ?))
				 ORDER BY pay_by, id LIMIT ?""", Holds::map, now, now, UtcColumns.utc(after.payBy()),
				UtcColumns.utc(after.payBy()), after.orderId(), limit);
		Map<Long, List<Hold>> bySale = due.stream()
			.collect(Collectors.groupingBy(Hold::saleId, LinkedHashMap::new, Collectors.toList()));
		int expired = 0;
		for (Map.Entry<Long, List<Hold>> sale : bySale.entrySet()) {
			expired += expireTogether(sale.getKey(), sale.getValue(), this.expiredBySweep);
		}
		return new Page(due.size(), expired, due.isEmpty() ? after : due.get(due.size() - 1));
	}

	/**
	 * Expires due holds of one sale in one transaction: the sale's row locked first, then
	 * the orders still HELD, due and not leased ({@code FOR UPDATE}), one conditional
	 * {@code UPDATE} of them and their units back ({@link SaleStock#releaseAll}); after
	 * commit each order's units go back to the gate. If that transaction fails (an order
	 * whose units no longer add up), the holds are expired one at a time, so only the
	 * failing one is left (logged) for a later run.
	 * @return how many this call expired
	 */
	private int expireTogether(long saleId, List<Hold> holds, Counter counter) {
		Instant now = this.clock.instant();
		List<Long> ids = holds.stream()
			.filter((hold) -> hold.dueAt(now) && !hold.leasedAt(now))
			.map(Hold::orderId)
			.toList();
		if (ids.isEmpty()) {
			return 0;
		}
		String generation = generation(saleId);
		List<Hold> ended;
		try {
			ended = this.transactions.execute((tx) -> expireLocked(saleId, ids, UtcColumns.utc(now)));
		}
		catch (RuntimeException ex) {
			log.warn("Expiring {} due orders of sale {} in one transaction failed, one at a time instead: {}",
					ids.size(), saleId, ex.toString());
			return expireOneByOne(holds, counter);
		}
		for (Hold hold : ended) {
			giveBack(hold, generation);
		}
		counter.increment(ended.size());
		return ended.size();
	}

	private List<Hold> expireLocked(long saleId, List<Long> ids, LocalDateTime at) {
		this.stock.lock(saleId);
		MapSqlParameterSource due = new MapSqlParameterSource().addValue("sale", saleId)
			.addValue("ids", ids)
			.addValue("at", at);
		List<Hold> locked = this.named.query("""
				SELECT id, sale_id, user_id, quantity, status, pay_by, pay_lease_until FROM sale_order
				 WHERE id IN (:ids) AND sale_id = :sale AND status = 'HELD' AND pay_by <= :at
				   AND (pay_lease_until IS NULL OR pay_lease_until < :at)
				 ORDER BY id FOR UPDATE""", due, Holds::map);
		if (locked.isEmpty()) {
			return locked;
		}
		due.addValue("ids", locked.stream().map(Hold::orderId).toList());
		int changed = this.named.update("""
				UPDATE sale_order SET status = 'EXPIRED', expired_at = :at
				 WHERE id IN (:ids) AND status = 'HELD'""", due);
		if (changed != locked.size()) {
			throw new IllegalStateException(
					"Expired " + changed + " of " + locked.size() + " locked orders of sale " + saleId);
		}
		this.stock.releaseAll(saleId,
				locked.stream().collect(Collectors.groupingBy(Hold::userId, Collectors.summingInt(Hold::quantity))));
		return locked;
	}

	private int expireOneByOne(List<Hold> holds, Counter counter) {
		int expired = 0;
		for (Hold hold : holds) {
			try {
				if (expire(hold, counter)) {
					expired++;
				}
			}
			catch (RuntimeException ex) {
				log.warn("Expiring order {} failed, tried again on the next run", hold.orderId(), ex);
			}
		}
		return expired;
	}

	private boolean expire(Hold hold, Counter counter) {
		Instant now = this.clock.instant();
		if (!hold.dueAt(now) || hold.leasedAt(now)) {
			return false;
		}
		if (!end(hold, "EXPIRED", now)) {
			return false;
		}
		counter.increment();
		return true;
	}

	/**
	 * HELD → {@code status} with its units back to the sale, in one transaction of its
	 * own, then to the gate: only if the conditional update changed the row.
	 */
	private boolean end(Hold hold, String status, Instant now) {
		String generation = generation(hold.saleId());
		LocalDateTime at = UtcColumns.utc(now);
		Boolean ended = this.transactions.execute((tx) -> {
			this.stock.lock(hold.saleId());
			int changed = "CANCELLED".equals(status)
					? this.jdbc.update("""
							UPDATE sale_order SET status = 'CANCELLED', cancelled_at = ?
							 WHERE id = ? AND user_id = ? AND status = 'HELD' AND pay_by > ?
							   AND (pay_lease_until IS NULL OR pay_lease_until < ?)""", at, hold.orderId(),
							hold.userId(), at, at)
					: this.jdbc.update("""
							UPDATE sale_order SET status = 'EXPIRED', expired_at = ?
							 WHERE id = ? AND status = 'HELD' AND pay_by <= ?
							   AND (pay_lease_until IS NULL OR pay_lease_until < ?)""", at, hold.orderId(), at, at);
			if (changed == 0) {
				return false;
			}
			this.stock.release(hold.saleId(), hold.userId(), hold.quantity());
			return true;
		});
		if (!Boolean.TRUE.equals(ended)) {
			return false;
		}
		giveBack(hold, generation);
		return true;
	}

	/**
	 * After commit: the order's units back to the gate, if it is still
	 * {@code generation}.
	 */
	private void giveBack(Hold hold, String generation) {
		try {
			this.gate.giveBack(hold.saleId(), hold.userId(), hold.quantity(), generation, hold.orderId());
		}
		catch (RuntimeException ex) {
			log.warn("Giving order {}'s units back to the gate of sale {} failed; a rebuild recounts them",
					hold.orderId(), hold.saleId(), ex);
		}
	}

	private String generation(long saleId) {
		try {
			return this.gate.generation(saleId);
		}
		catch (RuntimeException ex) {
			log.warn("Reading the gate generation of sale {} failed", saleId, ex);
			return null;
		}
	}

	private Hold find(long orderId) {
		List<Hold> found = this.jdbc.query("""
				SELECT id, sale_id, user_id, quantity, status, pay_by, pay_lease_until FROM sale_order
				 WHERE id = ?""", Holds::map, orderId);
		return found.isEmpty() ? null : found.get(0);
	}

	private static DomainException paymentInProgress(long orderId) {
		return new DomainException(TimesaleErrorCode.PAYMENT_IN_PROGRESS,
				"A payment of order " + orderId + " is running; its outcome decides first.");
	}

	private static Hold map(ResultSet row, int i) throws SQLException {
		return new Hold(row.getLong("id"), row.getLong("sale_id"), row.getString("user_id"), row.getInt("quantity"),
				row.getString("status"), UtcColumns.instant(row, "pay_by"), UtcColumns.instant(row, "pay_lease_until"));
	}

	/**
	 * One page of the sweep: orders looked at, expired, and the last one (the cursor).
	 */
	private record Page(int selected, int expired, Hold last) {
	}

	/**
	 * What a cancel or expiry needs of an order, as read before its conditional update.
	 */
	private record Hold(long orderId, long saleId, String userId, int quantity, String status, Instant payBy,
			Instant payLeaseUntil) {

		boolean dueAt(Instant now) {
			return !this.payBy.isAfter(now);
		}

		boolean leasedAt(Instant now) {
			return this.payLeaseUntil != null && !this.payLeaseUntil.isBefore(now);
		}

	}

}
