package com.example.promo.common.issuing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.promo.common.error.ErrorCode;

/**
 * Business counters of one kind of resource, scraped from {@code /actuator/prometheus}
 * with tag {@code resource} (e.g. {@code coupon}): {@code promo_issue_total{resource,
 * strategy, outcome}} with outcome {@code issued}, {@code queued} or a refusal code;
 * {@code promo_issue_fallback_total} for v2/v3 requests served by v1 because the gate was
 * unavailable; {@code promo_issue_in_doubt_total} for v3 publishes the broker never
 * acknowledged; {@code promo_issue_reconciled_total} for gates rebuilt by reconciliation.
 */
public class IssueMetrics {

	private final MeterRegistry registry;

	private final String resource;

	private final Counter fallbacks;

	private final Counter inDoubt;

	private final Counter reconciled;

	/**
	 * Counters by "strategy/outcome": looking a counter up by tags on every request cost
	 * more than counting.
	 */
	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * @param registry where the counters live
	 * @param resource the resource kind, the {@code resource} tag
	 */
	public IssueMetrics(MeterRegistry registry, String resource) {
		this.registry = registry;
		this.resource = resource;
		this.fallbacks = registry.counter("promo.issue.fallback", "resource", resource);
		this.inDoubt = registry.counter("promo.issue.in.doubt", "resource", resource);
		this.reconciled = registry.counter("promo.issue.reconciled", "resource", resource);
	}

	/**
	 * @param strategy the strategy that wrote it
	 */
	public void issued(IssueStrategy strategy) {
		count(strategy, "issued");
	}

	/** A v3 request was accepted into the queue. */
	public void queued() {
		count(IssueStrategy.V3, "queued");
	}

	/**
	 * @param strategy the strategy that refused
	 * @param code the refusal
	 */
	public void refused(IssueStrategy strategy, ErrorCode code) {
		count(strategy, code.name());
	}

	/** A v2/v3 request was served by v1. */
	public void fellBack() {
		this.fallbacks.increment();
	}

	void inDoubt() {
		this.inDoubt.increment();
	}

	void reconciled() {
		this.reconciled.increment();
	}

	private void count(IssueStrategy strategy, String outcome) {
		this.counters
			.computeIfAbsent(strategy + "/" + outcome,
					(key) -> this.registry.counter("promo.issue", "resource", this.resource, "strategy",
							strategy.toString(), "outcome", outcome))
			.increment();
	}

}
