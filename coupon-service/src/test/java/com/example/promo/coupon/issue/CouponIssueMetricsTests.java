package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.promo.common.test.IssueCounters;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The business counters the dashboard shows move by exactly what the API did:
 * {@code promo.issue{resource=coupon, strategy, outcome, code}} per issue and refusal of
 * each strategy, {@code promo.issue.fallback} per request v1 served for a closed gate;
 * and the scrape exports them with the infrastructure metrics the dashboard reads.
 */
class CouponIssueMetricsTests extends IntegrationTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private Response issue(long couponId, String userId, String strategy) {
		return call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategy, userId, null);
	}

	@Test
	void countsEveryIssueAndRefusalByStrategyAndCode() {
		long id = createCoupon(3, 1);
		IssueCounters counters = IssueCounters.of(this.meters, "coupon");

		assertThat(issue(id, "m1-" + id, "v1").status()).isEqualTo(201);
		assertThat(issue(id, "m2-" + id, "v2").status()).isEqualTo(201);
		assertThat(issue(id, "m2-" + id, "v2").code()).isEqualTo("ALREADY_ISSUED");
		assertThat(issue(id, "m1-" + id, "v1").code()).isEqualTo("ALREADY_ISSUED");
		Response queued = issue(id, "m3-" + id, "v3");
		assertThat(queued.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> requestStatus(queued.json().get("requestId").asString()).equals("ISSUED"));
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			assertThat(issue(id, "late-" + strategy + "-" + id, strategy).code()).isEqualTo("COUPON_SOLD_OUT");
			assertThat(issue(987654321L, "nobody", strategy).code()).isEqualTo("COUPON_NOT_FOUND");
		}

		Map<String, Long> expected = Map.ofEntries(Map.entry("v1 issued none", 1L), Map.entry("v2 issued none", 1L),
				Map.entry("v3 queued none", 1L), Map.entry("v3 issued none", 1L),
				Map.entry("v1 refused ALREADY_ISSUED", 1L), Map.entry("v2 refused ALREADY_ISSUED", 1L),
				Map.entry("v1 refused COUPON_SOLD_OUT", 1L), Map.entry("v2 refused COUPON_SOLD_OUT", 1L),
				Map.entry("v3 refused COUPON_SOLD_OUT", 1L), Map.entry("v1 refused COUPON_NOT_FOUND", 1L),
				Map.entry("v2 refused COUPON_NOT_FOUND", 1L), Map.entry("v3 refused COUPON_NOT_FOUND", 1L));
		assertThat(counters.moved()).isEqualTo(expected);
		assertThat(issuedRows(id)).isEqualTo(3);
	}

	@Test
	void countsEachRequestServedByV1WhileTheGateIsClosedAsAFallback() {
		long id = createCoupon(10, 1);
		IssueCounters counters = IssueCounters.of(this.meters, "coupon");
		CircuitBreaker breaker = this.breakers.circuitBreaker("redisGate");
		breaker.transitionToForcedOpenState();
		try {
			assertThat(issue(id, "f2-" + id, "v2").header("X-Strategy")).isEqualTo("v1");
			assertThat(issue(id, "f3-" + id, "v3").header("X-Strategy")).isEqualTo("v1");
			assertThat(issue(id, "f3b-" + id, "v3").header("X-Strategy")).isEqualTo("v1");
		}
		finally {
			breaker.transitionToClosedState();
		}

		assertThat(counters.moved()).isEqualTo(Map.of("fallback v2", 1L, "fallback v3", 2L, "v1 issued none", 3L));
	}

	@Test
	void exportsTheDashboardsMetricsFromTheStart() {
		String scrape = callManagement("/actuator/prometheus").body();

		assertThat(scrape).contains(
				"promo_issue_total{application=\"coupon-service\",code=\"none\",outcome=\"issued\",resource=\"coupon\",strategy=\"v2\"}",
				"promo_issue_fallback_total{application=\"coupon-service\",resource=\"coupon\",strategy=\"v3\"}",
				"promo_kafka_dead_letters_total{application=\"coupon-service\",topic=\"coupon.issue.requested\"}",
				"promo_issue_in_doubt_total{", "hikaricp_connections_active{", "jvm_memory_used_bytes{",
				"http_server_requests_seconds_count{");
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(callManagement("/actuator/prometheus").body())
				.contains("kafka_consumer_fetch_manager_records_lag_max{"));
	}

}
