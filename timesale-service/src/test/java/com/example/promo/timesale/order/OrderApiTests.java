package com.example.promo.timesale.order;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.redisson.client.codec.StringCodec;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class OrderApiTests extends IntegrationTestSupport {

	@Autowired
	private Issuing<OrderRequested, OrderWritten> issuing;

	@Autowired
	private SaleGate saleGate;

	@Autowired
	private CircuitBreakerRegistry breakers;

	private long liveSale(int units, int perUserLimit) {
		long saleId = liveSaleRow(1_200, units, perUserLimit, 300);
		this.saleGate.prepare(saleId);
		return saleId;
	}

	private static String path(long saleId, String strategy) {
		return "/api/timesales/" + saleId + "/orders?strategy=" + strategy;
	}

	private Response awaitDecided(String requestId, String userId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> !"WAITING".equals(
					call("GET", "/api/timesales/requests/" + requestId, userId, null).json().get("status").asString()));
		return call("GET", "/api/timesales/requests/" + requestId, userId, null);
	}

	private Map<String, String> gate(long saleId, String part) {
		return this.redisson
			.<String, String>getMap(this.issuing.gate().key(Long.toString(saleId), part), StringCodec.INSTANCE)
			.readAllMap();
	}

	private int orders(long saleId) {
		return this.jdbc.queryForObject("select count(*) from sale_order where sale_id = ?", Integer.class, saleId);
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2" })
	void placesAHeldOrderAtTheSalePriceUntilPayBy(String strategy) {
		long saleId = liveSale(10, 3);
		String userId = "buyer-" + strategy + "-" + saleId;

		Response placed = order(saleId, userId, strategy, 2);

		assertThat(placed.status()).as(placed.body()).isEqualTo(201);
		assertThat(placed.header("X-Strategy")).isEqualTo(strategy);
		long orderId = placed.json().get("orderId").asLong();
		assertThat(placed.header("Location")).isEqualTo("/api/timesales/orders/" + orderId);
		assertThat(placed.json().get("saleId").asLong()).isEqualTo(saleId);
		assertThat(placed.json().get("quantity").asInt()).isEqualTo(2);
		assertThat(placed.json().get("unitPrice").asLong()).isEqualTo(1_200);
		assertThat(placed.json().get("totalAmount").asLong()).isEqualTo(2_400);
		assertThat(placed.json().get("status").asString()).isEqualTo("HELD");
		Instant payBy = Instant.parse(placed.json().get("payBy").asString());
		assertThat(payBy).isCloseTo(Instant.now().plusSeconds(300), within(30, ChronoUnit.SECONDS));
		Map<String, Object> row = this.jdbc.queryForMap("select * from sale_order where id = ?", orderId);
		assertThat(row.get("user_id")).isEqualTo(userId);
		assertThat(row.get("status")).isEqualTo("HELD");
		assertThat(row.get("strategy")).isEqualTo(strategy.toUpperCase());
		assertThat(row.get("product_id"))
			.isEqualTo(this.jdbc.queryForObject("select product_id from time_sale where id = ?", Long.class, saleId));
		Instant createdAt = this.jdbc.queryForObject("select created_at from sale_order where id = ?",
				(rs, i) -> UtcColumns.instant(rs, "created_at"), orderId);
		assertThat(payBy).isEqualTo(createdAt.plusSeconds(300));

		Response read = call("GET", "/api/timesales/orders/" + orderId, userId, null);
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().get("productId").asLong()).isEqualTo(((Number) row.get("product_id")).longValue());
		assertThat(read.json().get("status").asString()).isEqualTo("HELD");
		assertThat(Instant.parse(read.json().get("payBy").asString())).isEqualTo(payBy);
		assertThat(Instant.parse(read.json().get("createdAt").asString())).isEqualTo(createdAt);
		assertThat(read.json().get("paidAt").isNull()).isTrue();
		assertThat(read.json().get("couponDiscount").isNull()).isTrue();
		assertThat(assertStockExact(saleId, 0)).containsExactly(2, 0);
		if (strategy.equals("v2")) {
			assertThat(gate(saleId, "gate").get("stock")).isEqualTo("8");
			assertThat(gate(saleId, "holders").get(userId)).isEqualTo("2");
		}
	}

	@Test
	void aQueuedOrderWaitsThenReadsHeldWithItsOrder() {
		long saleId = liveSale(10, 3);
		String userId = "queued-" + saleId;

		Response accepted = order(saleId, userId, "v3", 3);

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.json().get("status").asString()).isEqualTo("WAITING");
		assertThat(accepted.json().get("position").asLong()).isZero();
		String requestId = accepted.json().get("requestId").asString();
		Response held = awaitDecided(requestId, userId);
		assertThat(held.json().get("status").asString()).as(held.body()).isEqualTo("HELD");
		long orderId = held.json().get("orderId").asLong();
		Map<String, Object> row = this.jdbc.queryForMap("select * from sale_order where id = ?", orderId);
		assertThat(row.get("request_id")).isEqualTo(requestId);
		assertThat(row.get("quantity")).isEqualTo(3);
		assertThat(row.get("total_amount")).isEqualTo(3_600L);
		assertThat(row.get("strategy")).isEqualTo("V3");
		assertThat(assertStockExact(saleId, 0)).containsExactly(3, 0);
	}

	/**
	 * The gate still shows a unit the database has given away (a v1 order took it): the
	 * v3 request is admitted, then refused by the database, reads REJECTED with the
	 * reason, and its admission is released (the gate learns it is sold out).
	 */
	@Test
	void aQueuedOrderTheDatabaseRefusesReadsRejectedWithTheReason() {
		long saleId = liveSale(1, 1);
		assertThat(order(saleId, "first-" + saleId, "v1", 1).status()).isEqualTo(201);

		Response accepted = order(saleId, "second-" + saleId, "v3", 1);

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		Response rejected = awaitDecided(accepted.json().get("requestId").asString(), "second-" + saleId);
		assertThat(rejected.json().get("status").asString()).as(rejected.body()).isEqualTo("REJECTED");
		assertThat(rejected.json().get("reason").asString()).isEqualTo("SALE_SOLD_OUT");
		assertThat(rejected.json().has("orderId")).isFalse();
		assertThat(gate(saleId, "gate").get("stock")).isEqualTo("0");
		assertThat(gate(saleId, "holders")).doesNotContainKey("second-" + saleId);
		assertThat(orders(saleId)).isEqualTo(1);
		assertStockExact(saleId, 0);
		Response soldOut = order(saleId, "third-" + saleId, "v3", 1);
		assertThat(soldOut.status()).isEqualTo(409);
		assertThat(soldOut.code()).isEqualTo("SALE_SOLD_OUT");
		assertThat(soldOut.header("X-Strategy")).isEqualTo("v3");
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void anIdempotencyKeyReplaysTheFirstAnswer(String strategy) {
		long saleId = liveSale(10, 5);
		String userId = "replayer-" + strategy + "-" + saleId;

		Response first = order(saleId, userId, strategy, 2, "Idempotency-Key", "k-" + saleId);
		Response again = order(saleId, userId, strategy, 2, "Idempotency-Key", "k-" + saleId);
		Response otherStrategy = order(saleId, userId, "v1", 2, "Idempotency-Key", "k-" + saleId);

		if (strategy.equals("v3")) {
			assertThat(first.status()).as(first.body()).isEqualTo(202);
			String requestId = first.json().get("requestId").asString();
			// Still waiting: the same 202; written already: the order it placed.
			if (again.status() == 202) {
				assertThat(again.json().get("requestId").asString()).isEqualTo(requestId);
			}
			else {
				assertThat(again.status()).as(again.body()).isEqualTo(201);
			}
			awaitDecided(requestId, userId);
			Response done = order(saleId, userId, strategy, 2, "Idempotency-Key", "k-" + saleId);
			assertThat(done.status()).as(done.body()).isEqualTo(201);
			assertThat(done.header("X-Strategy")).isEqualTo("v3");
			assertThat(done.json().get("orderId").asLong()).isEqualTo(
					this.jdbc.queryForObject("select id from sale_order where request_id = ?", Long.class, requestId));
		}
		else {
			assertThat(first.status()).as(first.body()).isEqualTo(201);
			assertThat(again.status()).isEqualTo(201);
			assertThat(again.body()).isEqualTo(first.body());
			assertThat(again.header("X-Strategy")).isEqualTo(strategy);
			assertThat(again.header("Location")).isEqualTo(first.header("Location"));
			assertThat(otherStrategy.body()).isEqualTo(first.body());
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> orders(saleId) == 1);
		assertThat(this.jdbc.queryForObject("select quantity from sale_buyer where sale_id = ? and user_id = ?",
				Integer.class, saleId, userId))
			.isEqualTo(2);
		assertThat(assertStockExact(saleId, 0)).containsExactly(2, 0);

		Response reused = order(saleId, userId, strategy, 3, "Idempotency-Key", "k-" + saleId);
		assertThat(reused.status()).as(reused.body()).isEqualTo(422);
		assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		long otherSale = liveSale(10, 5);
		Response otherSaleReused = order(otherSale, userId, strategy, 2, "Idempotency-Key", "k-" + saleId);
		assertThat(otherSaleReused.status()).as(otherSaleReused.body()).isEqualTo(422);
		assertThat(orders(otherSale)).isZero();
		assertThat(orders(saleId)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void aRefusalIsReplayedForItsKey(String strategy) {
		long saleId = liveSale(1, 1);
		assertThat(order(saleId, "taker-" + saleId, "v1", 1).status()).isEqualTo(201);
		this.saleGate.invalidate(saleId);
		String userId = "refused-" + strategy + "-" + saleId;

		Response first = order(saleId, userId, strategy, 1, "Idempotency-Key", "sold-out");
		Response again = order(saleId, userId, strategy, 1, "Idempotency-Key", "sold-out");

		assertThat(first.status()).as(first.body()).isEqualTo(409);
		assertThat(first.code()).isEqualTo("SALE_SOLD_OUT");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("SALE_SOLD_OUT");
		assertThat(orders(saleId)).isEqualTo(1);
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void aQuantityAboveTheLimitIsRefusedBeforeAnythingIsTaken(String strategy) {
		long saleId = liveSale(10, 2);

		Response refused = order(saleId, "too-many-" + strategy, strategy, 3);

		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("PURCHASE_LIMIT_EXCEEDED");
		assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		assertThat(gate(saleId, "gate").get("stock")).isEqualTo("10");
		assertThat(gate(saleId, "holders")).isEmpty();
		assertThat(orders(saleId)).isZero();
		assertThat(this.jdbc.queryForObject("select held_quantity from time_sale where id = ?", Integer.class, saleId))
			.isZero();
		Response atLimit = order(saleId, "too-many-" + strategy, strategy, 2);
		assertThat(atLimit.status()).as(atLimit.body()).isIn(201, 202);
		await().atMost(Duration.ofSeconds(30)).until(() -> orders(saleId) == 1);
		Response overLimit = order(saleId, "too-many-" + strategy, strategy, 1);
		assertThat(overLimit.status()).as(overLimit.body()).isEqualTo(409);
		assertThat(overLimit.code()).isEqualTo("PURCHASE_LIMIT_EXCEEDED");
		assertThat(assertStockExact(saleId, 0)).containsExactly(2, 0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2", "v3" })
	void aSaleNotOpenOrUnknownIsRefused(String strategy) {
		long upcoming = saleRow(1_000, 10, 2, 600, Instant.now().plus(Duration.ofHours(1)),
				Instant.now().plus(Duration.ofHours(2)));
		long ended = saleRow(1_000, 10, 2, 600, Instant.now().minus(Duration.ofHours(2)),
				Instant.now().minus(Duration.ofHours(1)));
		long paused = liveSaleRow(1_000, 10, 2, 600);
		this.jdbc.update("update time_sale set status = 'PAUSED' where id = ?", paused);

		for (long saleId : new long[] { upcoming, ended, paused }) {
			Response refused = order(saleId, "early-" + strategy, strategy, 1);
			assertThat(refused.status()).as(refused.body()).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("SALE_NOT_OPEN");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
			assertThat(orders(saleId)).isZero();
		}
		Response unknown = order(987_654_321L, "lost-" + strategy, strategy, 1);
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
		assertThat(unknown.code()).isEqualTo("SALE_NOT_FOUND");
	}

	@Test
	void servesV2AndV3WithV1WhileTheRedisCircuitIsOpen() {
		long saleId = liveSale(10, 1);
		CircuitBreaker breaker = this.breakers.circuitBreaker("redisGate");
		breaker.transitionToForcedOpenState();
		try {
			Response v2 = order(saleId, "fallback-2-" + saleId, "v2", 1);
			Response v3 = order(saleId, "fallback-3-" + saleId, "v3", 1);

			assertThat(v2.status()).as(v2.body()).isEqualTo(201);
			assertThat(v2.header("X-Strategy")).isEqualTo("v1");
			assertThat(v3.status()).as(v3.body()).isEqualTo(201);
			assertThat(v3.header("X-Strategy")).isEqualTo("v1");
			Response again = order(saleId, "fallback-2-" + saleId, "v2", 1);
			assertThat(again.code()).isEqualTo("PURCHASE_LIMIT_EXCEEDED");
			assertThat(again.header("X-Strategy")).isEqualTo("v1");
			assertThat(this.saleGate.generation(saleId)).as("no generation while Redis cannot answer").isNull();
		}
		finally {
			breaker.transitionToClosedState();
		}
		assertThat(this.jdbc.queryForList("select strategy from sale_order where sale_id = ?", String.class, saleId))
			.containsExactly("V1", "V1");
		assertThat(assertStockExact(saleId, 0)).containsExactly(2, 0);
	}

	@Test
	void badInputIsRefusedNamingTheFieldAndWritesNothing() {
		long saleId = liveSale(10, 2);
		String userId = "careless-" + saleId;
		for (String quantity : new String[] { "0", "-1", "\"x\"", "1.5", "null", "10000000000", "1000000", "1e3",
				"[1]" }) {
			assertValidationFailed(call("POST", path(saleId, "v2"), userId, "{\"quantity\":" + quantity + "}"),
					"quantity");
		}
		assertValidationFailed(call("POST", path(saleId, "v1"), userId, "{}"), "quantity");
		assertValidationFailed(call("POST", path(saleId, "v3"), userId, "{\"quantity\":"), "body");
		assertValidationFailed(call("POST", path(saleId, "v2"), userId, "not json"), "body");
		assertValidationFailed(call("POST", path(saleId, "v2"), userId, null), "body");
		assertValidationFailed(call("POST", path(saleId, "v9"), userId, "{\"quantity\":1}"), "strategy");
		assertValidationFailed(call("POST", "/api/timesales/abc/orders", userId, "{\"quantity\":1}"), "saleId");
		assertValidationFailed(
				call("POST", path(saleId, "v2"), userId, "{\"quantity\":1}", "Idempotency-Key", "k".repeat(101)),
				"Idempotency-Key");
		assertValidationFailed(call("GET", "/api/timesales/orders/me?size=0", userId, null), "size");
		assertValidationFailed(call("GET", "/api/timesales/requests/not-a-uuid", userId, null), "requestId");
		assertValidationFailed(call("GET", "/api/timesales/orders/abc", userId, null), "orderId");
		assertThat(orders(saleId)).isZero();
		assertThat(gate(saleId, "gate").get("stock")).isEqualTo("10");
		assertThat(call("POST", path(saleId, "v2"), null, "{\"quantity\":1}").status()).isEqualTo(401);
	}

	@Test
	void ordersAndRequestsAreTheirOwnersOnly() {
		long saleId = liveSale(10, 2);
		long orderId = order(saleId, "owner-" + saleId, "v1", 1).json().get("orderId").asLong();
		String requestId = order(saleId, "owner-" + saleId, "v3", 1).json().get("requestId").asString();

		Response someoneElses = call("GET", "/api/timesales/orders/" + orderId, "intruder", null);
		assertThat(someoneElses.status()).isEqualTo(404);
		assertThat(someoneElses.code()).isEqualTo("ORDER_NOT_FOUND");
		Response request = call("GET", "/api/timesales/requests/" + requestId, "intruder", null);
		assertThat(request.status()).isEqualTo(404);
		assertThat(request.code()).isEqualTo("REQUEST_NOT_FOUND");
		Response unknownRequest = call("GET", "/api/timesales/requests/" + UUID.randomUUID(), "owner-" + saleId, null);
		assertThat(unknownRequest.status()).isEqualTo(404);
		assertThat(unknownRequest.code()).isEqualTo("REQUEST_NOT_FOUND");
		Response unknownOrder = call("GET", "/api/timesales/orders/987654321", "owner-" + saleId, null);
		assertThat(unknownOrder.status()).isEqualTo(404);
		assertThat(unknownOrder.code()).isEqualTo("ORDER_NOT_FOUND");
		assertThat(call("GET", "/api/timesales/orders/me", "intruder-" + saleId, null).json()
			.get("totalElements")
			.asLong()).isZero();
	}

	@Test
	void myOrdersArePagedNewestFirst() {
		long saleId = liveSale(10, 5);
		String userId = "pages-" + saleId;
		long first = order(saleId, userId, "v1", 1).json().get("orderId").asLong();
		long second = order(saleId, userId, "v2", 2).json().get("orderId").asLong();
		long third = order(saleId, userId, "v1", 1).json().get("orderId").asLong();
		order(saleId, "someone-else-" + saleId, "v1", 1);

		Response page0 = call("GET", "/api/timesales/orders/me?page=0&size=2", userId, null);
		Response page1 = call("GET", "/api/timesales/orders/me?page=1&size=2", userId, null);

		assertThat(page0.status()).as(page0.body()).isEqualTo(200);
		assertThat(page0.json().get("totalElements").asLong()).isEqualTo(3);
		assertThat(page0.json().get("totalPages").asInt()).isEqualTo(2);
		assertThat(page0.json().get("content").findValues("orderId").stream().map((n) -> n.asLong()).toList())
			.containsExactly(third, second);
		assertThat(page1.json().get("content").findValues("orderId").stream().map((n) -> n.asLong()).toList())
			.containsExactly(first);
		assertThat(page0.json().get("content").get(1).get("quantity").asInt()).isEqualTo(2);
		assertThat(page0.json().get("content").get(1).get("status").asString()).isEqualTo("HELD");
	}

	@Test
	void adminsCompareASalesGateWithTheDatabase() {
		long saleId = liveSale(10, 2);
		assertThat(order(saleId, "gated-" + saleId, "v2", 2).status()).isEqualTo(201);

		Response report = call("GET", "/api/timesales/admin/gates/" + saleId, "admin", null);
		Response named = call("GET", "/api/timesales/admin/gates/" + saleId + "?resource=timesale", "admin", null);

		assertThat(report.status()).as(report.body()).isEqualTo(200);
		assertThat(report.json().get("resource").asString()).isEqualTo("timesale");
		assertThat(report.json().get("gatePresent").asBoolean()).isTrue();
		assertThat(report.json().get("gateStock").asLong()).isEqualTo(8);
		assertThat(report.json().get("databaseRemaining").asLong()).isEqualTo(8);
		assertThat(named.body()).isEqualTo(report.body());
		assertThat(call("GET", "/api/timesales/admin/gates/" + saleId, "someone", null).status()).isEqualTo(403);
		assertThat(call("GET", "/api/timesales/admin/dead-letters", "admin", null).status()).isEqualTo(200);
	}

	@Test
	void redisKeysOfASaleShareItsHashTag() {
		long saleId = liveSale(10, 2);
		assertThat(order(saleId, "tagged-" + saleId, "v3", 1).status()).isEqualTo(202);

		assertThat(this.redisson.getKeys().getKeysStream().filter((k) -> k.contains("{" + saleId + "}")).toList())
			.isNotEmpty()
			.allSatisfy((key) -> assertThat(key).startsWith("timesale:{" + saleId + "}:"));
	}

	@Test
	void theSaleGateGivesUnitsBackOnlyToTheGenerationThatCountedThem() {
		long saleId = liveSale(10, 3);
		String userId = "giver-" + saleId;
		long orderId = order(saleId, userId, "v2", 2).json().get("orderId").asLong();
		String generation = this.saleGate.generation(saleId);
		assertThat(generation).isEqualTo(gate(saleId, "gate").get("epoch")).isNotNull();

		this.saleGate.giveBack(saleId, userId, 2, generation, orderId);

		assertThat(gate(saleId, "gate").get("stock")).isEqualTo("10");
		assertThat(gate(saleId, "holders")).doesNotContainKey(userId);

		long other = order(saleId, userId, "v2", 1).json().get("orderId").asLong();
		String before = this.saleGate.generation(saleId);
		this.saleGate.invalidate(saleId);
		assertThat(this.saleGate.generation(saleId)).as("no gate, no generation").isNull();
		this.saleGate.prepare(saleId);
		String rebuilt = this.saleGate.generation(saleId);
		assertThat(rebuilt).isNotNull().isNotEqualTo(before);
		String stockAfterRebuild = gate(saleId, "gate").get("stock");
		this.saleGate.giveBack(saleId, userId, 1, before, other);
		assertThat(gate(saleId, "gate").get("stock")).as("a give-back of an older generation is ignored")
			.isEqualTo(stockAfterRebuild);
		this.saleGate.giveBack(saleId, userId, 1, null, other);
		assertThat(gate(saleId, "gate").get("stock")).isEqualTo(stockAfterRebuild);
	}

}
