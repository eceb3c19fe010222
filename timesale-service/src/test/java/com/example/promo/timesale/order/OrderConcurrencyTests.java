package com.example.promo.timesale.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stock invariants under real concurrency, through the HTTP API against the real
 * MariaDB, Redis and Kafka: 300 buyers on 100 units with every strategy at once, one user
 * stampeding at the per-user limit, and orders of several units near sold-out. The
 * database must agree with what callers were told.
 */
class OrderConcurrencyTests extends IntegrationTestSupport {

	private static final String[] STRATEGIES = { "v1", "v2", "v3" };

	@Autowired
	private SaleGate saleGate;

	private long liveSale(int units, int perUserLimit) {
		long saleId = liveSaleRow(1_000, units, perUserLimit, 600);
		this.saleGate.prepare(saleId);
		return saleId;
	}

	@Test
	void threeHundredBuyersOnAHundredUnitsWithMixedStrategiesHoldExactlyAHundred() throws Exception {
		long saleId = liveSale(100, 3);

		List<Response> answers = IssuingContract.burst(300,
				(i) -> order(saleId, "mixed-" + saleId + "-" + i, STRATEGIES[i % 3], 1));

		Map<String, Long> toldHeld = new HashMap<>();
		List<String> queued = new ArrayList<>();
		for (Response answer : answers) {
			switch (answer.status()) {
				case 201 -> toldHeld.put("order:" + answer.json().get("orderId").asLong(), 1L);
				case 202 -> queued.add(answer.json().get("requestId").asString());
				default -> {
					assertThat(answer.status()).as(answer.body()).isEqualTo(409);
					assertThat(answer.code()).isEqualTo("SALE_SOLD_OUT");
				}
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from order_request where request_id in (" + placeholders(queued.size()) + ")",
					Integer.class, queued.toArray()) == queued.size());
		for (String requestId : queued) {
			Map<String, Object> outcome = this.jdbc
				.queryForMap("select status, reason, order_id from order_request where request_id = ?", requestId);
			if ("HELD".equals(outcome.get("status"))) {
				toldHeld.put("order:" + outcome.get("order_id"), 1L);
			}
			else {
				assertThat(outcome.get("reason")).isEqualTo("SALE_SOLD_OUT");
			}
		}
		assertThat(toldHeld).as("callers told HELD").hasSize(100);
		List<Long> orders = this.jdbc.queryForList("select id from sale_order where sale_id = ?", Long.class, saleId);
		assertThat(orders).as("every order told, and only those").hasSize(100);
		assertThat(orders.stream().map((id) -> "order:" + id).toList())
			.containsExactlyInAnyOrderElementsOf(toldHeld.keySet());
		assertThat(this.jdbc.queryForObject(
				"select count(distinct request_id) = count(*) from sale_order where sale_id = ?", Boolean.class,
				saleId))
			.as("one order per request id")
			.isTrue();
		assertThat(assertStockExact(saleId, 0)).containsExactly(100, 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void oneUserStampedingTwentyTimesAtALimitOfTwoHoldsTwo(String strategy) throws Exception {
		long saleId = liveSale(100, 2);
		String userId = "greedy-" + strategy + "-" + saleId;

		List<Response> answers = IssuingContract.burst(20, (i) -> order(saleId, userId, strategy, 1));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isIn(201, 202, 409);
			if (answer.status() == 409) {
				assertThat(answer.code()).isEqualTo("PURCHASE_LIMIT_EXCEEDED");
			}
		});
		if (!strategy.equals("v3")) {
			assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(2);
		}
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select held_quantity from time_sale where id = ?", Integer.class,
					saleId) == 2 && queueOf(saleId) == 0);
		assertThat(this.jdbc.queryForObject("select sum(quantity) from sale_order where sale_id = ? and user_id = ?",
				Integer.class, saleId, userId))
			.isEqualTo(2);
		assertThat(assertStockExact(saleId, 0)).containsExactly(2, 0);
	}

	/**
	 * Ten units, twenty buyers of three units each: three orders fit (nine units), the
	 * rest are sold out; then the last unit still goes to an order of one.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void ordersOfSeveralUnitsNearSoldOutNeverOversell(String strategy) throws Exception {
		long saleId = liveSale(10, 5);

		List<Response> answers = IssuingContract.burst(20,
				(i) -> order(saleId, "bulk-" + strategy + "-" + saleId + "-" + i, strategy, 3));

		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isIn(201, 202, 409);
			if (answer.status() == 409) {
				assertThat(answer.code()).isEqualTo("SALE_SOLD_OUT");
			}
		});
		await().atMost(Duration.ofSeconds(30))
			.until(() -> queueOf(saleId) == 0 && this.jdbc
				.queryForObject("select count(*) from sale_order where sale_id = ?", Integer.class, saleId) == 3);
		assertThat(answers).filteredOn((answer) -> answer.status() == 201 || answer.status() == 202)
			.hasSizeGreaterThanOrEqualTo(3);
		Response last = order(saleId, "last-unit-" + saleId, "v1", 1);
		assertThat(last.status()).as(last.body()).isEqualTo(201);
		Response none = order(saleId, "too-late-" + saleId, strategy, 1);
		assertThat(none.status()).as(none.body()).isIn(409, 202);
		await().atMost(Duration.ofSeconds(30)).until(() -> queueOf(saleId) == 0);
		assertThat(this.jdbc.queryForList("select quantity from sale_order where sale_id = ? order by id",
				Integer.class, saleId))
			.containsExactly(3, 3, 3, 1);
		assertThat(assertStockExact(saleId, 0)).containsExactly(10, 0);
	}

	private long queueOf(long saleId) {
		return this.redisson.getScoredSortedSet("timesale:{" + saleId + "}:queue").size();
	}

	private static String placeholders(int n) {
		return String.join(",", Collections.nCopies(Math.max(n, 1), "?"));
	}

	/**
	 * A double click under a per-user limit of one: ten presses of one Idempotency-Key at
	 * once hold one unit, and every press answers 201 with that one order (the twins that
	 * lost to it at the limit answer as its replay, not PURCHASE_LIMIT_EXCEEDED).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2" })
	void oneKeyPressedTenTimesAtOnceUnderALimitOfOneAnswersTheOneOrderEveryTime(String strategy) throws Exception {
		long saleId = liveSale(10, 1);
		String userId = "double-click-" + strategy + "-" + saleId;

		List<Response> answers = IssuingContract.burst(10,
				(i) -> call("POST", "/api/timesales/" + saleId + "/orders?strategy=" + strategy, userId,
						"{\"quantity\":1}", "Idempotency-Key", "click-" + saleId));

		long orderId = this.jdbc.queryForObject("select id from sale_order where sale_id = ? and user_id = ?",
				Long.class, saleId, userId);
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(201);
			assertThat(answer.json().get("orderId").asLong()).isEqualTo(orderId);
		});
		assertThat(assertStockExact(saleId, 0)[0]).isEqualTo(1);
	}

}
