package com.example.promo.timesale.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.example.promo.common.jdbc.UtcColumns;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The pay saga's reads and lease writes on {@code sale_order}: each write is a
 * conditional {@code UPDATE}.
 */
@Component
class PaymentOrders {

	private final JdbcTemplate jdbc;

	PaymentOrders(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims a HELD, unexpired order of the user for one pay: sets its lease unless
	 * another pay holds it or a saga of it is still open (running or compensating).
	 * @return whether this call claimed it
	 */
	boolean claim(long orderId, String userId, Instant now, Instant leaseUntil) {
		return this.jdbc.update("""
				UPDATE sale_order SET pay_lease_until = ?
				 WHERE id = ? AND user_id = ? AND status = 'HELD' AND pay_by > ?
				   AND (pay_lease_until IS NULL OR pay_lease_until < ?)
				   AND NOT EXISTS (SELECT 1 FROM payment_attempt a
				                    WHERE a.order_id = ? AND a.state IN ('STARTED', 'COMPENSATING'))""",
				UtcColumns.utc(leaseUntil), orderId, userId, UtcColumns.utc(now), UtcColumns.utc(now), orderId) == 1;
	}

	/**
	 * Sets the lease of a HELD order (kept while a compensation is owed).
	 */
	void extendLease(long orderId, Instant leaseUntil) {
		this.jdbc.update("UPDATE sale_order SET pay_lease_until = ? WHERE id = ? AND status = 'HELD'",
				UtcColumns.utc(leaseUntil), orderId);
	}

	/**
	 * Clears the lease of a HELD order: the sweep and cancel may act on it again.
	 */
	void releaseLease(long orderId) {
		this.jdbc.update("UPDATE sale_order SET pay_lease_until = NULL WHERE id = ? AND status = 'HELD'", orderId);
	}

	/**
	 * HELD → PAID with the amounts (KRW) and the confirmed event's id; clears the lease.
	 * @return whether this call paid it
	 */
	boolean markPaid(long orderId, Instant paidAt, Long issuedCouponId, long couponDiscount, long pointsUsed,
			long paidAmount, String paymentRef, String eventId) {
		return this.jdbc.update("""
				UPDATE sale_order SET status = 'PAID', paid_at = ?, issued_coupon_id = ?, coupon_discount = ?,
				       points_used = ?, paid_amount = ?, payment_ref = ?, confirmed_event_id = ?, pay_lease_until = NULL
				 WHERE id = ? AND status = 'HELD'""", UtcColumns.utc(paidAt), issuedCouponId, couponDiscount,
				pointsUsed, paidAmount, paymentRef, eventId, orderId) == 1;
	}

	/**
	 * PAID → REFUNDED with the refunded event's id.
	 * @return whether this call refunded it
	 */
	boolean markRefunded(long orderId, Instant refundedAt, String eventId) {
		return this.jdbc.update("""
				UPDATE sale_order SET status = 'REFUNDED', refunded_at = ?, refunded_event_id = ?
				 WHERE id = ? AND status = 'PAID'""", UtcColumns.utc(refundedAt), eventId, orderId) == 1;
	}

	Optional<OrderRow> find(long orderId) {
		List<OrderRow> rows = this.jdbc.query("SELECT * FROM sale_order WHERE id = ?",
				(rs, row) -> new OrderRow(rs.getLong("id"), rs.getString("user_id"), rs.getLong("sale_id"),
						rs.getLong("product_id"), rs.getInt("quantity"), rs.getLong("unit_price"),
						rs.getLong("total_amount"), rs.getString("status"), UtcColumns.instant(rs, "pay_by"),
						UtcColumns.instant(rs, "created_at"), UtcColumns.instant(rs, "pay_lease_until"),
						rs.getObject("issued_coupon_id", Long.class), rs.getObject("coupon_discount", Long.class),
						rs.getObject("points_used", Long.class), rs.getObject("paid_amount", Long.class),
						rs.getString("payment_ref"), UtcColumns.instant(rs, "paid_at"),
						UtcColumns.instant(rs, "cancelled_at"), UtcColumns.instant(rs, "expired_at"),
						UtcColumns.instant(rs, "refunded_at")),
				orderId);
		return rows.stream().findFirst();
	}

	/**
	 * @return the user's order, if it is theirs
	 */
	Optional<OrderRow> findOwned(long orderId, String userId) {
		return find(orderId).filter((order) -> order.userId().equals(userId));
	}

}
