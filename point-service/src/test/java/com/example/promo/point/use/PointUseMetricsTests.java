package com.example.promo.point.use;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.promo.common.test.IssueCounters;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The use counters the dashboard shows ({@code promo.issue{resource=point-use, strategy,
 * outcome, code}}) move by exactly what the API did, per strategy; and the scrape exports
 * the service's metrics the dashboard reads.
 */
class PointUseMetricsTests extends UseTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Test
	void countsEveryUseAndRefusalByStrategyAndCode() {
		String user = newUser("metrics");
		fund(user, 100);
		IssueCounters counters = IssueCounters.of(this.meters, "point-use");

		assertStatus(use(user, "m-1", 10, "v1"), 201);
		assertStatus(use(user, "m-2", 20, "v2"), 201);
		Response queued = use(user, "m-3", 30, "v3");
		assertStatus(queued, 202);
		assertThat(awaitDecided(queued.json().get("requestId").asString())).isEqualTo("DONE");
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			assertThat(use(user, "too-much-" + strategy, 41, strategy).code()).isEqualTo("INSUFFICIENT_POINTS");
		}

		assertThat(counters.moved()).isEqualTo(Map.of("v1 issued none", 1L, "v2 issued none", 1L, "v3 queued none", 1L,
				"v3 issued none", 1L, "v1 refused INSUFFICIENT_POINTS", 1L, "v2 refused INSUFFICIENT_POINTS", 1L,
				"v3 refused INSUFFICIENT_POINTS", 1L));
		assertThat(assertLedgerExact(user)).isEqualTo(40);
	}

	@Test
	void exportsTheDashboardsMetricsFromTheStart() {
		String scrape = callManagement("/actuator/prometheus").body();

		assertThat(scrape).contains(
				"promo_issue_total{application=\"point-service\",code=\"none\",outcome=\"issued\",resource=\"point-join\",strategy=\"v1\"}",
				"promo_issue_fallback_total{application=\"point-service\",resource=\"point-use\",strategy=\"v2\"}",
				"promo_kafka_dead_letters_total{application=\"point-service\",topic=\"timesale.order.confirmed\"}",
				"promo_kafka_dead_letters_total{application=\"point-service\",topic=\"point.use.requested\"}",
				"promo_points_expired_total{", "hikaricp_connections_active{");
	}

}
