package com.example.promo.coupon.issue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.promo.coupon.CouponErrorCode;

import org.springframework.stereotype.Component;

/**
 * Business counters, scraped from {@code /actuator/prometheus}:
 * {@code promo_coupon_issue_total{strategy, outcome}} with outcome {@code issued},
 * {@code queued} or a refusal code, and {@code promo_coupon_issue_fallback_total} for
 * v2/v3 requests served by v1 because the Redis gate was unavailable, and
 * {@code promo_coupon_issue_in_doubt_total} for v3 publishes the broker never
 * acknowledged.
 */
@Component
class IssueMetrics {

	private final MeterRegistry registry;

	private final Counter fallbacks;

	private final Counter inDoubt;

	/**
	 * Counters by "strategy/outcome": looking a counter up by tags on every request cost
	 * more than counting.
	 */
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	IssueMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.fallbacks = registry.counter("promo.coupon.issue.fallback");
		this.inDoubt = registry.counter("promo.coupon.issue.in.doubt");
	}

	void issued(IssueStrategy strategy) {
		count(strategy, "issued");
	}

	void queued() {
		count(IssueStrategy.V3, "queued");
	}

	void refused(IssueStrategy strategy, CouponErrorCode code) {
		count(strategy, code.name());
	}

	void fellBack() {
		this.fallbacks.increment();
	}

	void inDoubt() {
		this.inDoubt.increment();
	}

	private void count(IssueStrategy strategy, String outcome) {
		this.counters
			.computeIfAbsent(strategy + "/" + outcome,
					(key) -> this.registry.counter("promo.coupon.issue", "strategy", strategy.toString(), "outcome",
							outcome))
			.increment();
	}

}
