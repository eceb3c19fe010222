package com.example.promo.timesale.payment;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

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

	private final Map<String, Counter> payments;

	private final Map<String, Counter> compensations;

	private final Map<String, Counter> refunds;

	PaymentMetrics(MeterRegistry registry, PaymentAttempts attempts) {
		Gauge.builder("promo.timesale.compensations.pending", attempts, PaymentAttempts::pending)
			.description("Pay attempts owing a compensation (retried by the job)")
			.register(registry);
		this.payments = counters(registry, PAYMENTS, "paid", "replayed", "refused", "unavailable", "invalid",
				"conflict");
		this.compensations = counters(registry, COMPENSATIONS, "acknowledged", "failed");
		this.refunds = counters(registry, REFUNDS, "refunded", "unavailable", "refused");
	}

	void payment(String outcome) {
		this.payments.get(outcome).increment();
	}

	void compensation(String outcome) {
		this.compensations.get(outcome).increment();
	}

	void refund(String outcome) {
		this.refunds.get(outcome).increment();
	}

	/** One counter per outcome, registered now (at zero). */
	private static Map<String, Counter> counters(MeterRegistry registry, String name, String... outcomes) {
		return Arrays.stream(outcomes)
			.collect(Collectors.toUnmodifiableMap(Function.identity(),
					(outcome) -> Counter.builder(name).tag("outcome", outcome).register(registry)));
	}

}
