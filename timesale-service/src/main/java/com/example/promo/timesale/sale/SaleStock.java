package com.example.promo.timesale.sale;

import java.time.LocalDateTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.timesale.TimesaleErrorCode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The only writer of a sale's stock counters ({@code time_sale.held_quantity},
 * {@code sold_quantity}) and of its buyers' units ({@code sale_buyer.quantity}): each
 * change is a conditional {@code UPDATE} under the database's CHECKs, so held + sold ≤
 * total stock and a user's held + paid ≤ the per-user limit whatever strategy wrote
 * (DESIGN.md §2). Every method joins the caller's transaction and locks the sale's row
 * before its buyer's, in every path, so two transactions never wait on each other in
 * opposite orders. A caller that moves units back (release, refund) must be the one whose
 * conditional update of the order changed it, so units return once.
 */
@Component
public class SaleStock {

	private final JdbcTemplate jdbc;

	SaleStock(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Holds {@code quantity} units of a live sale for a user.
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param quantity units, ≥ 1
	 * @param now the time the sale's window is checked at
	 * @return {@code null} if held; else the refusal ({@code SALE_NOT_FOUND},
	 * {@code SALE_NOT_OPEN}, {@code SALE_SOLD_OUT}, {@code PURCHASE_LIMIT_EXCEEDED}) with
	 * nothing changed
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public TimesaleErrorCode hold(long saleId, String userId, int quantity, Instant now) {
		LocalDateTime at = UtcColumns.utc(now);
		int taken = this.jdbc.update("""
				UPDATE time_sale SET held_quantity = held_quantity + ?
				 WHERE id = ? AND status = 'ACTIVE' AND starts_at <= ? AND ends_at > ?
				   AND held_quantity + sold_quantity + ? <= total_stock""", quantity, saleId, at, at, quantity);
		if (taken == 0) {
			return whyNotHeld(saleId, quantity, now);
		}
		this.jdbc.update("""
				INSERT IGNORE INTO sale_buyer (sale_id, user_id, quantity, per_user_limit)
				SELECT id, ?, 0, per_user_limit FROM time_sale WHERE id = ?""", userId, saleId);
		int counted = this.jdbc.update("""
				UPDATE sale_buyer SET quantity = quantity + ?
				 WHERE sale_id = ? AND user_id = ? AND quantity + ? <= per_user_limit""", quantity, saleId, userId,
				quantity);
		if (counted == 0) {
			this.jdbc.update("UPDATE time_sale SET held_quantity = held_quantity - ? WHERE id = ?", quantity, saleId);
			return TimesaleErrorCode.PURCHASE_LIMIT_EXCEEDED;
		}
		return null;
	}

	/**
	 * Locks the sale's row until commit ({@code SELECT … FOR UPDATE}). Call it FIRST in a
	 * transaction that changes one of the sale's orders and then moves its units (cancel,
	 * expiry, pay, refund): the order's {@code UPDATE} takes a shared lock on the sale's
	 * row (its foreign key), and two such transactions that then both want the exclusive
	 * lock to move units deadlock on the upgrade. With the sale locked first, every path
	 * takes sale → order → buyer in this order.
	 * @param saleId the sale
	 * @return whether the sale exists
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean lock(long saleId) {
		return !this.jdbc.queryForList("SELECT id FROM time_sale WHERE id = ? FOR UPDATE", Long.class, saleId)
			.isEmpty();
	}

	/**
	 * Gives a held order's units back to the sale and to its buyer (cancel, expiry).
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param quantity the order's units
	 * @throws org.springframework.dao.DataIntegrityViolationException if fewer are held
	 * (a bug: the order's own conditional update must be the only caller)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void release(long saleId, String userId, int quantity) {
		releaseAll(saleId, Map.of(userId, quantity));
	}

	/**
	 * Gives the units of several held orders of one sale back at once (the expiry sweep):
	 * the sale's counter in one update, then each buyer's, in user id order.
	 * @param saleId the sale
	 * @param unitsByUser units to give back per buyer, each ≥ 1
	 * @throws org.springframework.dao.DataIntegrityViolationException if fewer are held
	 * (a bug: the orders' own conditional update must be the only caller)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void releaseAll(long saleId, Map<String, Integer> unitsByUser) {
		int units = unitsByUser.values().stream().mapToInt(Integer::intValue).sum();
		this.jdbc.update("UPDATE time_sale SET held_quantity = held_quantity - ? WHERE id = ?", units, saleId);
		this.jdbc.batchUpdate("UPDATE sale_buyer SET quantity = quantity - ? WHERE sale_id = ? AND user_id = ?",
				new TreeMap<>(unitsByUser).entrySet()
					.stream()
					.map((buyer) -> new Object[] { buyer.getValue(), saleId, buyer.getKey() })
					.toList());
	}

	/**
	 * Turns a held order's units into sold ones (pay); the buyer's count is unchanged.
	 * @param saleId the sale
	 * @param quantity the order's units
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void sell(long saleId, int quantity) {
		this.jdbc.update(
				"UPDATE time_sale SET held_quantity = held_quantity - ?, sold_quantity = sold_quantity + ? WHERE id = ?",
				quantity, quantity, saleId);
	}

	/**
	 * Gives a refunded order's units back to the sale and its buyer, if the sale is still
	 * live (ACTIVE and inside its window); otherwise they stay sold.
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param quantity the order's units
	 * @param now the time the window is checked at
	 * @return whether the units went back
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public boolean unsell(long saleId, String userId, int quantity, Instant now) {
		LocalDateTime at = UtcColumns.utc(now);
		int returned = this.jdbc.update("""
				UPDATE time_sale SET sold_quantity = sold_quantity - ?
				 WHERE id = ? AND status = 'ACTIVE' AND starts_at <= ? AND ends_at > ?""", quantity, saleId, at, at);
		if (returned == 0) {
			return false;
		}
		this.jdbc.update("UPDATE sale_buyer SET quantity = quantity - ? WHERE sale_id = ? AND user_id = ?", quantity,
				saleId, userId);
		return true;
	}

	private TimesaleErrorCode whyNotHeld(long saleId, int quantity, Instant now) {
		List<TimesaleErrorCode> why = this.jdbc.query("""
				SELECT status, starts_at, ends_at, total_stock - held_quantity - sold_quantity AS remaining,
				       per_user_limit
				  FROM time_sale WHERE id = ?""", (rs, row) -> {
			Instant startsAt = UtcColumns.instant(rs, "starts_at");
			Instant endsAt = UtcColumns.instant(rs, "ends_at");
			if (!"ACTIVE".equals(rs.getString("status")) || now.isBefore(startsAt) || !now.isBefore(endsAt)) {
				return TimesaleErrorCode.SALE_NOT_OPEN;
			}
			if (quantity > rs.getInt("per_user_limit")) {
				return TimesaleErrorCode.PURCHASE_LIMIT_EXCEEDED;
			}
			return TimesaleErrorCode.SALE_SOLD_OUT;
		}, saleId);
		return why.isEmpty() ? TimesaleErrorCode.SALE_NOT_FOUND : why.get(0);
	}

}
