package com.example.promo.common.test;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import com.example.promo.common.issuing.IssueMetrics;

/**
 * The issuing kit's counters of one resource kind, read before and after an action, so a
 * test asserts exactly what moved: {@link #moved()} names each counter that changed as
 * {@code "<strategy> <outcome> <code>"} ({@code promo.issue}, e.g.
 * {@code "v2 refused COUPON_SOLD_OUT"}, {@code "v1 issued none"}) or
 * {@code "fallback <strategy>"} ({@code promo.issue.fallback}), with by how much.
 */
public final class IssueCounters {

	private final MeterRegistry meters;

	private final String resource;

	private final Map<String, Double> before;

	private IssueCounters(MeterRegistry meters, String resource) {
		this.meters = meters;
		this.resource = resource;
		this.before = read();
	}

	/**
	 * @param meters the service's registry
	 * @param resource the {@code resource} tag ({@code coupon}, {@code point-use}, …)
	 * @return the counters as they are now
	 */
	public static IssueCounters of(MeterRegistry meters, String resource) {
		return new IssueCounters(meters, resource);
	}

	/**
	 * @return every counter that changed since {@link #of}, by how much (whole requests)
	 */
	public Map<String, Long> moved() {
		Map<String, Long> moved = new TreeMap<>();
		read().forEach((key, count) -> {
			long delta = Math.round(count - this.before.getOrDefault(key, 0.0));
			if (delta != 0) {
				moved.put(key, delta);
			}
		});
		return moved;
	}

	private Map<String, Double> read() {
		Map<String, Double> counts = new TreeMap<>();
		for (Counter counter : this.meters.find(IssueMetrics.ISSUE).tag("resource", this.resource).counters()) {
			counts.put(counter.getId().getTag("strategy") + " " + counter.getId().getTag("outcome") + " "
					+ counter.getId().getTag("code"), counter.count());
		}
		for (Counter counter : this.meters.find(IssueMetrics.FALLBACK).tag("resource", this.resource).counters()) {
			counts.put("fallback " + counter.getId().getTag("strategy"), counter.count());
		}
		return counts;
	}

}
