package com.example.promo.timesale.payment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.example.promo.common.jdbc.UtcColumns;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The saga log {@code payment_attempt}: every state change is a conditional
 * {@code UPDATE} on the row's current state, so the saga's own thread and the
 * compensation job never both move one attempt.
 */
@Component
class PaymentAttempts {

	private static final RowMapper<PaymentAttempt> ROW = (rs, row) -> new PaymentAttempt(rs.getLong("order_id"),
			rs.getInt("attempt"), rs.getString("user_id"), rs.getString("payment_ref"),
			rs.getObject("issued_coupon_id", Long.class), rs.getLong("points"), rs.getString("state"),
			rs.getBoolean("coupon_pending"), rs.getBoolean("points_pending"), rs.getInt("compensation_tries"));

	private final JdbcTemplate jdbc;

	PaymentAttempts(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Logs a new attempt, STARTED, before any remote call (the caller holds the order's
	 * pay lease, so attempts of one order never race; the key would refuse it anyway).
	 * @return the attempt
	 */
	PaymentAttempt start(long orderId, String userId, Long issuedCouponId, long points, String idempotencyKey,
			String fingerprint, Instant now) {
		int attempt = this.jdbc.queryForObject(
				"SELECT COALESCE(MAX(attempt), 0) + 1 FROM payment_attempt WHERE order_id = ?", Integer.class, orderId);
		String ref = PaymentAttempt.refOf(orderId, attempt);
		this.jdbc.update("""
				INSERT INTO payment_attempt (order_id, attempt, user_id, payment_ref, issued_coupon_id, points, state,
				                             idempotency_key, request_fingerprint, started_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, 'STARTED', ?, ?, ?, ?)""", orderId, attempt, userId, ref, issuedCouponId,
				points, idempotencyKey, fingerprint, UtcColumns.utc(now), UtcColumns.utc(now));
		return new PaymentAttempt(orderId, attempt, userId, ref, issuedCouponId, points, "STARTED", false, false, 0);
	}

	/**
	 * STARTED → PAID (inside the transaction that marks the order PAID).
	 * @return whether this call moved it
	 */
	boolean paid(PaymentAttempt attempt, long couponDiscount, Instant now) {
		return this.jdbc.update("""
				UPDATE payment_attempt SET state = 'PAID', coupon_discount = ?, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'STARTED'""", couponDiscount, UtcColumns.utc(now),
				attempt.orderId(), attempt.attempt()) == 1;
	}

	/**
	 * STARTED → FAILED: refused before anything was taken.
	 */
	boolean failed(PaymentAttempt attempt, String code, Instant now) {
		return this.jdbc.update("""
				UPDATE payment_attempt SET state = 'FAILED', failure_code = ?, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'STARTED'""", code, UtcColumns.utc(now),
				attempt.orderId(), attempt.attempt()) == 1;
	}

	/**
	 * STARTED → COMPENSATING with the undo calls owed; the job leaves it alone until
	 * {@code firstTryAt} (the saga's thread tries first).
	 */
	boolean compensating(PaymentAttempt attempt, boolean coupon, boolean points, String code, Instant now,
			Instant firstTryAt) {
		return this.jdbc.update("""
				UPDATE payment_attempt SET state = 'COMPENSATING', coupon_pending = ?, points_pending = ?,
				       failure_code = ?, next_try_at = ?, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'STARTED'""", coupon, points, code,
				UtcColumns.utc(firstTryAt), UtcColumns.utc(now), attempt.orderId(), attempt.attempt()) == 1;
	}

	void couponUndone(PaymentAttempt attempt, Instant now) {
		this.jdbc.update("""
				UPDATE payment_attempt SET coupon_pending = FALSE, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'COMPENSATING'""", UtcColumns.utc(now),
				attempt.orderId(), attempt.attempt());
	}

	void pointsUndone(PaymentAttempt attempt, Instant now) {
		this.jdbc.update("""
				UPDATE payment_attempt SET points_pending = FALSE, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'COMPENSATING'""", UtcColumns.utc(now),
				attempt.orderId(), attempt.attempt());
	}

	/**
	 * COMPENSATING → COMPENSATED once nothing is owed.
	 * @return whether this call moved it
	 */
	boolean compensated(PaymentAttempt attempt, Instant now) {
		return this.jdbc.update("""
				UPDATE payment_attempt SET state = 'COMPENSATED', next_try_at = NULL, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'COMPENSATING'
				   AND coupon_pending = FALSE AND points_pending = FALSE""", UtcColumns.utc(now), attempt.orderId(),
				attempt.attempt()) == 1;
	}

	/**
	 * Records a failed round of compensation and when to try next.
	 */
	void retryLater(PaymentAttempt attempt, Instant nextTryAt, Instant now) {
		this.jdbc.update("""
				UPDATE payment_attempt SET compensation_tries = compensation_tries + 1, next_try_at = ?, updated_at = ?
				 WHERE order_id = ? AND attempt = ? AND state = 'COMPENSATING'""", UtcColumns.utc(nextTryAt),
				UtcColumns.utc(now), attempt.orderId(), attempt.attempt());
	}

	Optional<PaymentAttempt> find(long orderId, int attempt) {
		return this.jdbc
			.query("SELECT * FROM payment_attempt WHERE order_id = ? AND attempt = ?", ROW, orderId, attempt)
			.stream()
			.findFirst();
	}

	/**
	 * @return compensations owed whose next try is due, oldest first
	 */
	List<PaymentAttempt> dueCompensations(Instant now, int limit) {
		return this.jdbc.query("""
				SELECT * FROM payment_attempt WHERE state = 'COMPENSATING' AND next_try_at <= ?
				 ORDER BY next_try_at LIMIT ?""", ROW, UtcColumns.utc(now), limit);
	}

	/**
	 * @return sagas STARTED before {@code startedBefore}: their process died midway
	 */
	List<PaymentAttempt> abandoned(Instant startedBefore, int limit) {
		return this.jdbc.query("""
				SELECT * FROM payment_attempt WHERE state = 'STARTED' AND started_at < ?
				 ORDER BY started_at LIMIT ?""", ROW, UtcColumns.utc(startedBefore), limit);
	}

	/**
	 * @return how many attempts owe a compensation
	 */
	long pending() {
		return this.jdbc.queryForObject("SELECT COUNT(*) FROM payment_attempt WHERE state = 'COMPENSATING'",
				Long.class);
	}

	/**
	 * The paid attempt an Idempotency-Key of the user was used for, if any.
	 * @return {order id, request fingerprint}
	 */
	Optional<String[]> paidWithKey(String userId, String idempotencyKey) {
		return this.jdbc
			.query("""
					SELECT order_id, request_fingerprint FROM payment_attempt
					 WHERE user_id = ? AND idempotency_key = ? AND state = 'PAID'""",
					(rs, row) -> new String[] { rs.getString("order_id"), rs.getString("request_fingerprint") }, userId,
					idempotencyKey)
			.stream()
			.findFirst();
	}

}
