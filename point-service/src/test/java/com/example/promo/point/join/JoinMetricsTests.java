package com.example.promo.point.join;

import java.time.Duration;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import com.example.promo.common.test.IssueCounters;
import com.example.promo.point.promotion.PromotionTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The join counters the dashboard shows ({@code promo.issue{resource=point-join,
 * strategy, outcome, code}}) move by exactly what the API did, per strategy.
 */
class JoinMetricsTests extends PromotionTestSupport {

	@Autowired
	private MeterRegistry meters;

	private Response join(long promotionId, String userId, String strategy) {
		return join("/api/points/promotions/" + promotionId + "/join?strategy=" + strategy, userId);
	}

	@Test
	void countsEveryJoinAndRefusalByStrategyAndCode() {
		long id = createPromotion(4, 1, false);
		IssueCounters counters = IssueCounters.of(this.meters, "point-join");

		assertThat(join(id, "j1-" + id, "v1").status()).isEqualTo(201);
		assertThat(join(id, "j2-" + id, "v2").status()).isEqualTo(201);
		Response queued = join(id, "j3-" + id, "v3");
		assertThat(queued.status()).isEqualTo(202);
		String requestId = queued.json().get("requestId").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> requestStatus(requestId).equals("DONE"));
		assertThat(join(id, "j1-" + id, "v1").code()).isEqualTo("JOIN_LIMIT_REACHED");
		assertThat(join(id, "j2-" + id, "v2").code()).isEqualTo("JOIN_LIMIT_REACHED");
		assertThat(join(id, "j3-" + id, "v3").code()).isEqualTo("JOIN_LIMIT_REACHED");
		assertThat(join(id, "j4-" + id, "v2").status()).isEqualTo(201);
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			assertThat(join(id, "late-" + strategy + "-" + id, strategy).code()).isEqualTo("PROMOTION_SOLD_OUT");
		}

		assertThat(counters.moved()).isEqualTo(Map.ofEntries(Map.entry("v1 issued none", 1L),
				Map.entry("v2 issued none", 2L), Map.entry("v3 queued none", 1L), Map.entry("v3 issued none", 1L),
				Map.entry("v1 refused JOIN_LIMIT_REACHED", 1L), Map.entry("v2 refused JOIN_LIMIT_REACHED", 1L),
				Map.entry("v3 refused JOIN_LIMIT_REACHED", 1L), Map.entry("v1 refused PROMOTION_SOLD_OUT", 1L),
				Map.entry("v2 refused PROMOTION_SOLD_OUT", 1L), Map.entry("v3 refused PROMOTION_SOLD_OUT", 1L)));
		assertThat(joinRows(id)).isEqualTo(4);
	}

}
