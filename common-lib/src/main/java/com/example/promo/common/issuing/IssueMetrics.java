package com.example.promo.common.issuing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.promo.common.error.ErrorCode;

/**
 * Business counters of one kind of resource ({@code resource} tag: {@code coupon},
 * {@code point-use}, {@code point-join}, {@code timesale}), scraped from
 * {@code /actuator/prometheus}; every one counts requests (unitless):
 * <ul>
 * <li>{@value #ISSUE} ({@code promo_issue_total}), tags {@code resource},
 * {@code strategy} ({@code v1}, {@code v2}, {@code v3}: what served it), {@code outcome}
 * ({@code issued}; {@code queued}: a v3 request accepted into the queue, counted again as
 * {@code issued} or {@code refused} once the consumer writes it; {@code refused}) and
 * {@code code} (the refusal's stable code, e.g. {@code COUPON_SOLD_OUT}; {@code none}
 * otherwise). Registered at zero for every strategy's {@code issued} (and v3's
 * {@code queued}); a refusal code appears with its first refusal.</li>
 * <li>{@value #FALLBACK} ({@code promo_issue_fallback_total}), tags {@code resource},
 * {@code strategy} ({@code v2}, {@code v3}: what was asked): requests served by v1
 * because the Redis gate could not answer. Registered at zero.</li>
 * <li>{@value #IN_DOUBT} ({@code promo_issue_in_doubt_total}): v3 publishes the broker
 * never acknowledged; {@value #RECONCILED} ({@code promo_issue_reconciled_total}): gates
 * rebuilt by reconciliation. Tag {@code resource}; registered at zero.</li>
 * </ul>
 */
public class IssueMetrics {

	/** Issue requests by resource, strategy, outcome and code. */
	public static final String ISSUE = "promo.issue";

	/** v2/v3 requests served by v1 because the gate was unavailable. */
	public static final String FALLBACK = "promo.issue.fallback";

	/** v3 publishes left in doubt. */
	public static final String IN_DOUBT = "promo.issue.in.doubt";

	/** Gates rebuilt by reconciliation. */
	public static final String RECONCILED = "promo.issue.reconciled";

	/** The {@code code} tag of an outcome that is not a refusal. */
	public static final String NO_CODE = "none";

	private final MeterRegistry registry;

	private final String resource;

	private final Counter inDoubt;

	private final Counter reconciled;

	/** Issued per strategy, resolved once: the hot path only increments. */
	private final Map<IssueStrategy, Counter> issued = new EnumMap<>(IssueStrategy.class);

	private final Counter queued;

	private final Map<IssueStrategy, Counter> fallbacks = new EnumMap<>(IssueStrategy.class);

	/**
	 * Refusals per strategy by code, registered with their first refusal; keyed by the
	 * code itself, so counting one allocates nothing.
	 */
	private final Map<IssueStrategy, Map<ErrorCode, Counter>> refusals = new EnumMap<>(IssueStrategy.class);

	/**
	 * Registers the counters that exist before anything happens (at zero).
	 * @param registry where the counters live
	 * @param resource the resource kind, the {@code resource} tag
	 */
	public IssueMetrics(MeterRegistry registry, String resource) {
		this.registry = registry;
		this.resource = resource;
		this.inDoubt = registry.counter(IN_DOUBT, "resource", resource);
		this.reconciled = registry.counter(RECONCILED, "resource", resource);
		for (IssueStrategy strategy : IssueStrategy.values()) {
			this.issued.put(strategy, counter(strategy, "issued", NO_CODE));
			this.refusals.put(strategy, new ConcurrentHashMap<>());
			if (strategy != IssueStrategy.V1) {
				this.fallbacks.put(strategy,
						registry.counter(FALLBACK, "resource", resource, "strategy", strategy.toString()));
			}
		}
		this.queued = counter(IssueStrategy.V3, "queued", NO_CODE);
	}

	/**
	 * @param strategy the strategy that wrote it
	 */
	public void issued(IssueStrategy strategy) {
		this.issued.get(strategy).increment();
	}

	/** A v3 request was accepted into the queue. */
	public void queued() {
		this.queued.increment();
	}

	/**
	 * @param strategy the strategy that refused
	 * @param code the refusal
	 */
	public void refused(IssueStrategy strategy, ErrorCode code) {
		this.refusals.get(strategy)
			.computeIfAbsent(code, (refusal) -> counter(strategy, "refused", refusal.name()))
			.increment();
	}

	/**
	 * A request asked for with this strategy was served by v1.
	 * @param strategy {@code V2} or {@code V3}
	 */
	public void fellBack(IssueStrategy strategy) {
		Counter fallbacks = this.fallbacks.get(strategy);
		if (fallbacks != null) {
			fallbacks.increment();
		}
	}

	void inDoubt() {
		this.inDoubt.increment();
	}

	void reconciled() {
		this.reconciled.increment();
	}

	private Counter counter(IssueStrategy strategy, String outcome, String code) {
		return this.registry.counter(ISSUE, "resource", this.resource, "strategy", strategy.toString(), "outcome",
				outcome, "code", code);
	}

}
