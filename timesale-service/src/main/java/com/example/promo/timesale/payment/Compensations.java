package com.example.promo.timesale.payment;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Undoing what a failed or dead pay may have taken: coupon-service's cancel-redemption
 * and point-service's use-cancel, as timesale-service, both idempotent. Owed undos are
 * recorded on the attempt ({@code COMPENSATING}) before the first try; while any is owed
 * the order keeps its pay lease (so it stays HELD and a new pay answers
 * PAYMENT_IN_PROGRESS), and {@link CompensationJob} retries with backoff until both are
 * acknowledged.
 */
@Component
class Compensations {

	private static final Logger log = LoggerFactory.getLogger(Compensations.class);

	/** How long the order's lease is pushed out each time an undo is still owed. */
	private static final Duration PENDING_LEASE = Duration.ofDays(1);

	private final PaymentAttempts attempts;

	private final PaymentOrders orders;

	private final CouponClient coupons;

	private final PointClient points;

	private final PaymentMetrics metrics;

	private final PaymentProperties properties;

	private final Clock clock;

	Compensations(PaymentAttempts attempts, PaymentOrders orders, CouponClient coupons, PointClient points,
			PaymentMetrics metrics, PaymentProperties properties, Clock clock) {
		this.attempts = attempts;
		this.orders = orders;
		this.coupons = coupons;
		this.points = points;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Ends a STARTED attempt that failed: FAILED if nothing is owed (the lease is
	 * cleared), else COMPENSATING and a first round of undo calls now.
	 * @param attempt the attempt
	 * @param coupon whether the coupon may have been redeemed
	 * @param points whether the points may have been used
	 * @param code why it failed
	 * @return whether everything owed was acknowledged (the order is payable again)
	 */
	boolean undo(PaymentAttempt attempt, boolean coupon, boolean points, String code) {
		Instant now = this.clock.instant();
		if (!coupon && !points) {
			this.attempts.failed(attempt, code, now);
			this.orders.releaseLease(attempt.orderId());
			return true;
		}
		// The job leaves it to this thread for one lease; the order stays claimed
		// meanwhile.
		this.orders.extendLease(attempt.orderId(), now.plus(PENDING_LEASE));
		if (!this.attempts.compensating(attempt, coupon, points, code, now, now.plus(this.properties.payLease()))) {
			return false;
		}
		return runOwed(new PaymentAttempt(attempt.orderId(), attempt.attempt(), attempt.userId(), attempt.paymentRef(),
				attempt.issuedCouponId(), attempt.points(), "COMPENSATING", coupon, points, 0));
	}

	/**
	 * One round of a COMPENSATING attempt's owed undo calls.
	 * @param attempt the attempt as read
	 * @return whether it is COMPENSATED now
	 */
	boolean runOwed(PaymentAttempt attempt) {
		boolean couponOwed = attempt.couponPending();
		boolean pointsOwed = attempt.pointsPending();
		if (couponOwed && this.coupons.cancelRedemption(attempt.issuedCouponId(), attempt.paymentRef())) {
			this.attempts.couponUndone(attempt, this.clock.instant());
			couponOwed = false;
		}
		if (pointsOwed && this.points.cancelUse(attempt.paymentRef(), attempt.userId())) {
			this.attempts.pointsUndone(attempt, this.clock.instant());
			pointsOwed = false;
		}
		Instant now = this.clock.instant();
		if (!couponOwed && !pointsOwed) {
			if (this.attempts.compensated(attempt, now)) {
				this.orders.releaseLease(attempt.orderId());
				this.metrics.compensation("acknowledged");
			}
			return true;
		}
		Duration wait = backoff(attempt.compensationTries());
		this.attempts.retryLater(attempt, now.plus(wait), now);
		this.orders.extendLease(attempt.orderId(), now.plus(PENDING_LEASE));
		this.metrics.compensation("failed");
		log.warn("Compensation of order {} attempt {} still owed (coupon {}, points {}); next try in {}",
				attempt.orderId(), attempt.attempt(), couponOwed, pointsOwed, wait);
		return false;
	}

	private Duration backoff(int tries) {
		Duration wait = Duration.ofSeconds(1L << Math.min(tries, 16));
		return (wait.compareTo(this.properties.compensationBackoffMax()) > 0) ? this.properties.compensationBackoffMax()
				: wait;
	}

}
