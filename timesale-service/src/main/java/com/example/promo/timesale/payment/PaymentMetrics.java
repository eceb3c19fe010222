package com.example.promo.timesale.payment;

import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The pay saga's business counters (requests, unitless; every outcome registered at zero
 * at start): {@code promo.timesale.payments{outcome}} (paid, replayed, refused,
 * unavailable, invalid, conflict), {@code promo.timesale.compensations{outcome}}
 * (acknowledged, failed — a failed round is retried by the job), the gauge
 * {@code promo.timesale.compensations.pending} (attempts owing an undo) and
 * {@code promo.timesale.refunds{outcome}} (refunded, unavailable, refused).
 */
@Component
class PaymentMetrics {

	private static final String PAYMENTS = "promo.timesale.payments";

	private static final String COMPENSATIONS = "promo.timesale.compensations";

	private static final String REFUNDS = "promo.timesale.refunds";

	private final MeterRegistry registry;

	PaymentMetrics(MeterRegistry registry, PaymentAttempts attempts) {
		this.registry = registry;
		Gauge.builder("promo.timesale.compensations.pending", attempts, PaymentAttempts::pending)
			.description("Pay attempts owing a compensation (retried by the job)")
			.register(registry);
		List.of("paid", "replayed", "refused", "unavailable", "invalid", "conflict")
			.forEach((outcome) -> counter(PAYMENTS, outcome));
		List.of("acknowledged", "failed").forEach((outcome) -> counter(COMPENSATIONS, outcome));
		List.of("refunded", "unavailable", "refused").forEach((outcome) -> counter(REFUNDS, outcome));
	}

	void payment(String outcome) {
		counter(PAYMENTS, outcome).increment();
	}

	void compensation(String outcome) {
		counter(COMPENSATIONS, outcome).increment();
	}

	void refund(String outcome) {
		counter(REFUNDS, outcome).increment();
	}

	private Counter counter(String name, String outcome) {
		return Counter.builder(name).tag("outcome", outcome).register(this.registry);
	}

}
