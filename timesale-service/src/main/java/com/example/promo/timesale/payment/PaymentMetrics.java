package com.example.promo.timesale.payment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * The pay saga's business counters: {@code promo.timesale.payments{outcome}} (paid,
 * replayed, refused, unavailable, invalid, conflict),
 * {@code promo.timesale.compensations{outcome}} (acknowledged, failed — a failed round is
 * retried by the job), the gauge {@code promo.timesale.compensations.pending} (attempts
 * owing an undo) and {@code promo.timesale.refunds{outcome}} (refunded, unavailable,
 * refused).
 */
@Component
class PaymentMetrics {

	private final MeterRegistry registry;

	PaymentMetrics(MeterRegistry registry, PaymentAttempts attempts) {
		this.registry = registry;
		Gauge.builder("promo.timesale.compensations.pending", attempts, PaymentAttempts::pending)
			.description("Pay attempts owing a compensation (retried by the job)")
			.register(registry);
	}

	void payment(String outcome) {
		counter("promo.timesale.payments", outcome).increment();
	}

	void compensation(String outcome) {
		counter("promo.timesale.compensations", outcome).increment();
	}

	void refund(String outcome) {
		counter("promo.timesale.refunds", outcome).increment();
	}

	private Counter counter(String name, String outcome) {
		return Counter.builder(name).tag("outcome", outcome).register(this.registry);
	}

}
