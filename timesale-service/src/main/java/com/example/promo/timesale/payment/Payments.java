package com.example.promo.timesale.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.timesale.order.OrderView;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.hold.Holds;
import com.example.promo.timesale.sale.SaleStock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The pay saga (DESIGN.md §4.3): claim the order (its pay lease), log the attempt, redeem
 * the coupon and use the points as the buyer, then mark it PAID, sell its units and write
 * {@link OrderConfirmed} to the outbox in one transaction. A refused or failed step
 * undoes the earlier ones ({@link Compensations}); the order stays HELD.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	private final PaymentOrders orders;

	private final PaymentAttempts attempts;

	private final CouponClient coupons;

	private final PointClient points;

	private final Compensations compensations;

	private final Holds holds;

	private final SaleStock stock;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final PaymentMetrics metrics;

	private final PaymentProperties properties;

	private final Clock clock;

	Payments(PaymentOrders orders, PaymentAttempts attempts, CouponClient coupons, PointClient points,
			Compensations compensations, Holds holds, SaleStock stock, ApplicationEventPublisher events,
			TransactionTemplate tx, PaymentMetrics metrics, PaymentProperties properties, Clock clock) {
		this.orders = orders;
		this.attempts = attempts;
		this.coupons = coupons;
		this.points = points;
		this.compensations = compensations;
		this.holds = holds;
		this.stock = stock;
		this.events = events;
		this.tx = tx;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Pays a HELD order of the caller.
	 * @param command the pay
	 * @return the order, PAID
	 * @throws DomainException ORDER_NOT_FOUND (404), HOLD_EXPIRED, ORDER_NOT_PAYABLE,
	 * PAYMENT_IN_PROGRESS, a callee's refusal code (409), IDEMPOTENCY_KEY_REUSED (422),
	 * DEPENDENCY_UNAVAILABLE (503)
	 * @throws InvalidFieldException {@code points} above what is due (400)
	 */
	public OrderView pay(PayCommand command) {
		try {
			OrderView paid = run(command);
			return paid;
		}
		catch (DomainException ex) {
			this.metrics.payment(outcomeOf(ex));
			throw ex;
		}
		catch (InvalidFieldException ex) {
			this.metrics.payment("invalid");
			throw ex;
		}
	}

	private OrderView run(PayCommand command) {
		if (command.idempotencyKey() != null) {
			Optional<OrderView> replay = replay(command);
			if (replay.isPresent()) {
				this.metrics.payment("replayed");
				return replay.get();
			}
		}
		Instant now = this.clock.instant();
		if (!this.orders.claim(command.orderId(), command.userId(), now, now.plus(this.properties.payLease()))) {
			throw whyNotClaimed(command, now);
		}
		OrderRow order = this.orders.find(command.orderId()).orElseThrow();
		if (command.points() > order.totalAmount()) {
			this.orders.releaseLease(order.id());
			throw tooManyPoints(command.points(), order.totalAmount());
		}
		PaymentAttempt attempt = this.attempts.start(order.id(), command.userId(), command.issuedCouponId(),
				command.points(), command.idempotencyKey(), command.fingerprint(), now);
		long discount = 0;
		boolean couponTaken = false;
		if (command.issuedCouponId() != null) {
			try {
				discount = Math.min(this.coupons.redeem(command.issuedCouponId(), attempt.paymentRef(),
						order.totalAmount(), command.authorization()), order.totalAmount());
				couponTaken = true;
			}
			catch (CalleeRefusedException ex) {
				this.compensations.undo(attempt, false, false, ex.code());
				throw refused(ex);
			}
			catch (CalleeUnavailableException ex) {
				this.compensations.undo(attempt, true, false, "DEPENDENCY_UNAVAILABLE");
				throw unavailable(ex);
			}
		}
		long due = order.totalAmount() - discount;
		if (command.points() > due) {
			this.compensations.undo(attempt, couponTaken, false, "VALIDATION_FAILED");
			throw tooManyPoints(command.points(), due);
		}
		if (command.points() > 0) {
			try {
				this.points.use(attempt.paymentRef(), command.points(), command.authorization());
			}
			catch (CalleeRefusedException ex) {
				this.compensations.undo(attempt, couponTaken, false, ex.code());
				throw refused(ex);
			}
			catch (CalleeUnavailableException ex) {
				this.compensations.undo(attempt, couponTaken, true, "DEPENDENCY_UNAVAILABLE");
				throw unavailable(ex);
			}
		}
		if (!markPaid(order, attempt, discount, command.points())) {
			this.compensations.undo(attempt, couponTaken, command.points() > 0, "ORDER_NOT_PAYABLE");
			throw new DomainException(TimesaleErrorCode.ORDER_NOT_PAYABLE,
					"Order " + order.id() + " changed while it was being paid; nothing was taken.");
		}
		this.metrics.payment("paid");
		return this.orders.find(order.id()).orElseThrow().view();
	}

	/**
	 * HELD → PAID, the attempt PAID, the units sold and the confirmed event in the
	 * outbox, in one transaction.
	 */
	private boolean markPaid(OrderRow order, PaymentAttempt attempt, long discount, long pointsUsed) {
		Instant paidAt = this.clock.instant();
		String eventId = UUID.randomUUID().toString();
		long paidAmount = order.totalAmount() - discount - pointsUsed;
		Boolean paid = this.tx.execute((status) -> {
			// The sale's row first, as on every path that moves its units (SaleStock).
			this.stock.lock(order.saleId());
			if (!this.attempts.paid(attempt, discount, paidAt) || !this.orders.markPaid(order.id(), paidAt,
					attempt.issuedCouponId(), discount, pointsUsed, paidAmount, attempt.paymentRef(), eventId)) {
				status.setRollbackOnly();
				return false;
			}
			this.stock.sell(order.saleId(), order.quantity());
			this.events.publishEvent(new OrderConfirmed(eventId, paidAt, Long.toString(order.id()), order.userId(),
					order.saleId(), order.productId(), order.quantity(), order.totalAmount(), discount, pointsUsed,
					paidAmount));
			return true;
		});
		return Boolean.TRUE.equals(paid);
	}

	private Optional<OrderView> replay(PayCommand command) {
		Optional<String[]> used = this.attempts.paidWithKey(command.userId(), command.idempotencyKey());
		if (used.isEmpty()) {
			return Optional.empty();
		}
		if (!used.get()[0].equals(Long.toString(command.orderId())) || !used.get()[1].equals(command.fingerprint())) {
			throw new DomainException(TimesaleErrorCode.IDEMPOTENCY_KEY_REUSED,
					"Idempotency-Key " + command.idempotencyKey() + " was used for another pay.");
		}
		return this.orders.findOwned(command.orderId(), command.userId()).map(OrderRow::view);
	}

	private DomainException whyNotClaimed(PayCommand command, Instant now) {
		OrderRow order = this.orders.findOwned(command.orderId(), command.userId())
			.orElseThrow(() -> new DomainException(TimesaleErrorCode.ORDER_NOT_FOUND,
					"No order " + command.orderId() + " of yours."));
		if ("EXPIRED".equals(order.status())) {
			return new DomainException(TimesaleErrorCode.HOLD_EXPIRED,
					"The hold of order " + order.id() + " ran out at " + order.payBy() + ".");
		}
		if (!"HELD".equals(order.status())) {
			return new DomainException(TimesaleErrorCode.ORDER_NOT_PAYABLE,
					"Order " + order.id() + " is " + order.status() + ".");
		}
		boolean leased = order.payLeaseUntil() != null && order.payLeaseUntil().isAfter(now);
		if (!leased && !order.payBy().isAfter(now)) {
			try {
				this.holds.expireIfDue(order.id());
			}
			catch (RuntimeException ex) {
				// The answer stands either way: the sweep expires it later.
				log.warn("Expiring order {} inline failed: {}", order.id(), ex.toString());
			}
			return new DomainException(TimesaleErrorCode.HOLD_EXPIRED,
					"The hold of order " + order.id() + " ran out at " + order.payBy() + ".");
		}
		return new DomainException(TimesaleErrorCode.PAYMENT_IN_PROGRESS,
				"A pay of order " + order.id() + " is running or being undone; its outcome decides first.");
	}

	private static InvalidFieldException tooManyPoints(long points, long due) {
		return new InvalidFieldException("points",
				"must be at most what is due after the coupon (" + due + " KRW), not " + points);
	}

	private static DomainException refused(CalleeRefusedException ex) {
		return new DomainException(CalleeErrorCode.of(ex.callee(), ex.code()),
				ex.callee() + " refused the pay: " + ex.code() + "; nothing was taken.");
	}

	private static DomainException unavailable(CalleeUnavailableException ex) {
		return new DomainException(TimesaleErrorCode.DEPENDENCY_UNAVAILABLE,
				ex.getMessage() + "; nothing was taken and the order is still HELD.");
	}

	private static String outcomeOf(DomainException ex) {
		if (ex.errorCode() instanceof CalleeErrorCode) {
			return "refused";
		}
		return switch (ex.errorCode().name()) {
			case "DEPENDENCY_UNAVAILABLE" -> "unavailable";
			case "IDEMPOTENCY_KEY_REUSED", "ORDER_NOT_FOUND" -> "invalid";
			default -> "conflict";
		};
	}

}
