package com.example.promo.timesale.order;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.promo.common.test.IssueCounters;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order counters the dashboard shows ({@code promo.issue{resource=timesale, strategy,
 * outcome, code}}) move by exactly what the API did, per strategy; and the scrape exports
 * the service's metrics the dashboard reads.
 */
class OrderMetricsTests extends IntegrationTestSupport {

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private SaleGate saleGate;

	@Test
	void countsEveryOrderAndRefusalByStrategyAndCode() {
		long saleId = liveSaleRow(1_000, 5, 2, 300);
		this.saleGate.prepare(saleId);
		IssueCounters counters = IssueCounters.of(this.meters, "timesale");

		assertThat(order(saleId, "o1-" + saleId, "v1", 2).status()).isEqualTo(201);
		assertThat(order(saleId, "o2-" + saleId, "v2", 2).status()).isEqualTo(201);
		Response queued = order(saleId, "o3-" + saleId, "v3", 1);
		assertThat(queued.status()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from sale_order where sale_id = ?", Integer.class,
					saleId) == 3);
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			assertThat(order(saleId, "late-" + strategy + "-" + saleId, strategy, 1).code()).isEqualTo("SALE_SOLD_OUT");
			assertThat(order(saleId, "greedy-" + strategy + "-" + saleId, strategy, 3).code())
				.isEqualTo("PURCHASE_LIMIT_EXCEEDED");
		}

		assertThat(counters.moved()).isEqualTo(Map.ofEntries(Map.entry("v1 issued none", 1L),
				Map.entry("v2 issued none", 1L), Map.entry("v3 queued none", 1L), Map.entry("v3 issued none", 1L),
				Map.entry("v1 refused SALE_SOLD_OUT", 1L), Map.entry("v2 refused SALE_SOLD_OUT", 1L),
				Map.entry("v3 refused SALE_SOLD_OUT", 1L), Map.entry("v1 refused PURCHASE_LIMIT_EXCEEDED", 1L),
				Map.entry("v2 refused PURCHASE_LIMIT_EXCEEDED", 1L),
				Map.entry("v3 refused PURCHASE_LIMIT_EXCEEDED", 1L)));
		assertThat(assertStockExact(saleId, 0)).containsExactly(5, 0);
	}

	@Test
	void exportsTheDashboardsMetricsFromTheStart() {
		String scrape = callManagement("/actuator/prometheus").body();

		assertThat(scrape).contains(
				"promo_issue_total{application=\"timesale-service\",code=\"none\",outcome=\"queued\",resource=\"timesale\",strategy=\"v3\"}",
				"promo_issue_fallback_total{application=\"timesale-service\",resource=\"timesale\",strategy=\"v2\"}",
				"promo_kafka_dead_letters_total{application=\"timesale-service\",topic=\"timesale.order.requested\"}",
				"promo_timesale_holds_expired_total{application=\"timesale-service\",by=\"sweep\"}",
				"promo_timesale_compensations_pending{", "hikaricp_connections_active{");
	}

}
