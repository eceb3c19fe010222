package com.example.promo.timesale.payment;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import com.example.promo.common.error.DomainException;
import com.example.promo.timesale.order.OrderView;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.TimesaleProperties;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.sale.SaleStock;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refunds (DESIGN.md §4.3): a PAID order of the caller, within
 * {@code promo.timesale.refund-window} of payment, once. The coupon redemption and the
 * points use are undone first (as timesale-service, idempotent); then one transaction
 * marks it REFUNDED, gives its units back if the sale is still live and writes
 * {@link OrderRefunded} to the outbox; after commit the units go back to the sale's gate.
 */
@Service
public class Refunds {

	private final PaymentOrders orders;

	private final CouponClient coupons;

	private final PointClient points;

	private final SaleStock stock;

	private final SaleGate gate;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate tx;

	private final PaymentMetrics metrics;

	private final TimesaleProperties properties;

	private final Clock clock;

	Refunds(PaymentOrders orders, CouponClient coupons, PointClient points, SaleStock stock, SaleGate gate,
			ApplicationEventPublisher events, TransactionTemplate tx, PaymentMetrics metrics,
			TimesaleProperties properties, Clock clock) {
		this.orders = orders;
		this.coupons = coupons;
		this.points = points;
		this.stock = stock;
		this.gate = gate;
		this.events = events;
		this.tx = tx;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Refunds a paid order of the caller.
	 * @param orderId the order
	 * @param userId the caller
	 * @return the order, REFUNDED
	 * @throws DomainException ORDER_NOT_FOUND (404), REFUND_NOT_ALLOWED (not PAID, or
	 * past the window), DEPENDENCY_UNAVAILABLE (503: an undo was not acknowledged; the
	 * order stays PAID)
	 */
	public OrderView refund(long orderId, String userId) {
		OrderRow order = this.orders.findOwned(orderId, userId)
			.orElseThrow(
					() -> new DomainException(TimesaleErrorCode.ORDER_NOT_FOUND, "No order " + orderId + " of yours."));
		Instant now = this.clock.instant();
		if (!"PAID".equals(order.status())) {
			throw notAllowed("Order " + orderId + " is " + order.status() + "; only a PAID order is refunded.");
		}
		if (!order.paidAt().plus(this.properties.refundWindow()).isAfter(now)) {
			throw notAllowed("Order " + orderId + " was paid at " + order.paidAt() + ", more than "
					+ this.properties.refundWindow() + " ago.");
		}
		boolean undone = true;
		if (order.issuedCouponId() != null) {
			undone = this.coupons.cancelRedemption(order.issuedCouponId(), order.paymentRef());
		}
		if (undone && order.pointsUsed() != null && order.pointsUsed() > 0) {
			undone = this.points.cancelUse(order.paymentRef(), order.userId());
		}
		if (!undone) {
			this.metrics.refund("unavailable");
			throw new DomainException(TimesaleErrorCode.DEPENDENCY_UNAVAILABLE,
					"Undoing the coupon or points of order " + orderId + " failed; it is still PAID, try again.");
		}
		String generation = this.gate.generation(order.saleId());
		Instant refundedAt = this.clock.instant();
		String eventId = UUID.randomUUID().toString();
		Boolean[] unitsBack = { false };
		Boolean refunded = this.tx.execute((status) -> {
			this.stock.lock(order.saleId());
			if (!this.orders.markRefunded(orderId, refundedAt, eventId)) {
				return false;
			}
			unitsBack[0] = this.stock.unsell(order.saleId(), order.userId(), order.quantity(), refundedAt);
			this.events.publishEvent(
					new OrderRefunded(eventId, refundedAt, Long.toString(orderId), order.userId(), refundedAt));
			return true;
		});
		if (!Boolean.TRUE.equals(refunded)) {
			throw notAllowed("Order " + orderId + " was refunded meanwhile.");
		}
		if (unitsBack[0]) {
			this.gate.giveBack(order.saleId(), order.userId(), order.quantity(), generation, orderId);
		}
		this.metrics.refund("refunded");
		return this.orders.find(orderId).orElseThrow().view();
	}

	private DomainException notAllowed(String detail) {
		this.metrics.refund("refused");
		return new DomainException(TimesaleErrorCode.REFUND_NOT_ALLOWED, detail);
	}

}
