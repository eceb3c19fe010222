package com.example.promo.point.use;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PointUseApiTests extends UseTestSupport {

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Test
	void spendsSynchronouslyWithV1AndV2EarliestExpiryFirst() {
		String user = newUser("sync");
		long later = fund(user, 100, Duration.ofDays(20));
		long sooner = fund(user, 100, Duration.ofDays(10));

		Response v1 = use(user, "order-1", 150, "v1");
		Response v2 = use(user, "order-2", 30, "v2");

		assertStatus(v1, 201);
		assertThat(v1.header("X-Strategy")).isEqualTo("v1");
		JsonNode body = v1.json();
		assertThat(body.get("orderId").asString()).isEqualTo("order-1");
		assertThat(body.get("amount").asLong()).isEqualTo(150);
		assertThat(body.get("balanceAfter").asLong()).isEqualTo(50);
		assertThat(body.get("useId").asLong()).isPositive();
		assertThat(body.get("lots").get(0).get("lotId").asLong()).isEqualTo(sooner);
		assertThat(body.get("lots").get(0).get("amount").asLong()).isEqualTo(100);
		assertThat(body.get("lots").get(1).get("lotId").asLong()).isEqualTo(later);
		assertThat(body.get("lots").get(1).get("amount").asLong()).isEqualTo(50);
		assertStatus(v2, 201);
		assertThat(v2.header("X-Strategy")).isEqualTo("v2");
		assertThat(v2.json().get("balanceAfter").asLong()).isEqualTo(20);
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(2);
		assertThat(assertLedgerExact(user)).isEqualTo(20);
		assertThat(requestStatus(v2Request(user, "order-2"))).isEqualTo("DONE");
	}

	@Test
	void defaultsToV2() {
		String user = newUser("default");
		fund(user, 100);

		Response used = call("POST", "/api/points/use", user, "{\"orderId\":\"o\",\"amount\":10}");

		assertStatus(used, 201);
		assertThat(used.header("X-Strategy")).isEqualTo("v2");
	}

	@Test
	void refusesInsufficientPointsOnEveryStrategyWritingNothing() {
		String user = newUser("poor");
		fund(user, 50);
		int before = rowsOf(user);

		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			Response refused = use(user, "too-much-" + strategy, 51, strategy);

			assertStatus(refused, 409);
			assertThat(refused.code()).isEqualTo("INSUFFICIENT_POINTS");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		}
		assertThat(rowsOf(user)).isEqualTo(before);
		assertThat(assertLedgerExact(user)).isEqualTo(50);
	}

	@Test
	void queuesWithV3AndReportsTheUse() {
		String user = newUser("queued");
		fund(user, 100);

		Response accepted = use(user, "order-q", 40, "v3");

		assertStatus(accepted, 202);
		assertThat(accepted.header("X-Strategy")).isEqualTo("v3");
		String requestId = accepted.json().get("requestId").asString();
		assertThat(requestId).isEqualTo(v2Request(user, "order-q"));
		assertThat(accepted.json().get("status").asString()).isEqualTo("PENDING");
		assertThat(accepted.header("Location")).isEqualTo("/api/points/requests/" + requestId);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> call("GET", "/api/points/requests/" + requestId, user, null).json()
				.get("status")
				.asString()
				.equals("DONE"));
		Response done = call("GET", "/api/points/requests/" + requestId, user, null);
		JsonNode use = done.json().get("use");
		assertThat(use.get("orderId").asString()).isEqualTo("order-q");
		assertThat(use.get("amount").asLong()).isEqualTo(40);
		assertThat(use.get("balanceAfter").asLong()).isEqualTo(60);
		assertThat(use.get("lots").get(0).get("amount").asLong()).isEqualTo(40);
		assertThat(call("GET", "/api/points/requests/" + requestId, "someone-else", null).status()).isEqualTo(404);
		// A replay of the decided order answers its use, with the strategy that served
		// it.
		Response replay = use(user, "order-q", 40, "v2");
		assertStatus(replay, 201);
		assertThat(replay.header("X-Strategy")).isEqualTo("v3");
		assertThat(replay.json()).isEqualTo(use);
		assertThat(assertLedgerExact(user)).isEqualTo(60);
	}

	@Test
	void rejectsAQueuedUseTheDatabaseCannotPayWithItsReason() {
		String user = newUser("stale");
		long lot = fund(user, 100);
		assertStatus(use(user, "warm-up", 10, "v2"), 201);
		// The lot expires behind the gate's back (no sweep yet): the gate still counts
		// 90.
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?", lot);

		Response accepted = use(user, "after-expiry", 50, "v3");

		assertStatus(accepted, 202);
		String requestId = accepted.json().get("requestId").asString();
		assertThat(awaitDecided(requestId)).isEqualTo("REJECTED");
		Response status = call("GET", "/api/points/requests/" + requestId, user, null);
		assertThat(status.json().get("status").asString()).isEqualTo("REJECTED");
		assertThat(status.json().get("reason").asString()).isEqualTo("INSUFFICIENT_POINTS");
		assertThat(status.json().get("use")).isNull();
		Response replay = use(user, "after-expiry", 50, "v1");
		assertStatus(replay, 409);
		assertThat(replay.code()).isEqualTo("INSUFFICIENT_POINTS");
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(1);
		assertLedgerExact(user);
	}

	@Test
	void aGateRefusalOfAQueuedUseReadsRejected() {
		String user = newUser("gate-refused");
		fund(user, 10);

		Response refused = use(user, "too-big", 11, "v3");

		assertStatus(refused, 409);
		String requestId = v2Request(user, "too-big");
		Response status = call("GET", "/api/points/requests/" + requestId, user, null);
		assertThat(status.json().get("status").asString()).isEqualTo("REJECTED");
		assertThat(status.json().get("reason").asString()).isEqualTo("INSUFFICIENT_POINTS");
	}

	@Test
	void neverSpendsAnExpiredLotEvenBeforeTheSweep() {
		String user = newUser("expired");
		long lot = fund(user, 100);
		assertStatus(use(user, "gate-built", 1, "v2"), 201);
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?", lot);
		int before = rowsOf(user);

		for (String strategy : new String[] { "v1", "v2" }) {
			Response refused = use(user, "expired-" + strategy, 50, strategy);

			assertStatus(refused, 409);
			assertThat(refused.code()).isEqualTo("INSUFFICIENT_POINTS");
		}
		// v2's refusal is recorded as its order's outcome; nothing was spent.
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(1);
		assertThat(count("select count(*) from point_ledger_entry where user_id = ?", user)).isEqualTo(2);
		assertThat(rowsOf(user)).isEqualTo(before + 1);
		assertThat(this.jdbc.queryForObject("select remaining from point_lot where id = ?", Long.class, lot))
			.isEqualTo(99);
		assertLedgerExact(user);
	}

	@Test
	void replaysAnOrderAndRefusesItWithAnotherAmount() {
		String user = newUser("replay");
		fund(user, 100);

		for (String strategy : new String[] { "v1", "v2" }) {
			String order = "order-" + strategy;
			Response first = use(user, order, 10, strategy);
			Response again = use(user, order, 10, (strategy.equals("v1")) ? "v2" : "v1");
			Response queuedAgain = use(user, order, 10, "v3");
			Response other = use(user, order, 11, strategy);

			assertStatus(first, 201);
			assertStatus(again, 201);
			assertThat(again.header("X-Strategy")).isEqualTo(strategy);
			assertThat(again.body()).isEqualTo(first.body());
			assertStatus(queuedAgain, 201);
			assertThat(queuedAgain.body()).isEqualTo(first.body());
			assertStatus(other, 422);
			assertThat(other.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		}
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(2);
		assertThat(count("select count(*) from point_ledger_entry where user_id = ? and type = 'USE'", user))
			.isEqualTo(2);
		assertThat(assertLedgerExact(user)).isEqualTo(80);
	}

	@Test
	void servesV2AndV3WithV1WhileTheRedisCircuitIsOpen() {
		String user = newUser("fallback");
		fund(user, 100);
		CircuitBreaker breaker = this.breakers.circuitBreaker("redisGate");
		breaker.transitionToForcedOpenState();
		try {
			Response v2 = use(user, "fallback-2", 10, "v2");
			Response v3 = use(user, "fallback-3", 10, "v3");
			Response poor = use(user, "fallback-poor", 100, "v2");

			assertStatus(v2, 201);
			assertThat(v2.header("X-Strategy")).isEqualTo("v1");
			assertStatus(v3, 201);
			assertThat(v3.header("X-Strategy")).isEqualTo("v1");
			assertThat(v3.json().get("balanceAfter").asLong()).isEqualTo(80);
			assertStatus(poor, 409);
			assertThat(poor.header("X-Strategy")).isEqualTo("v1");
		}
		finally {
			breaker.transitionToClosedState();
		}
		Response afterwards = use(user, "after", 80, "v2");
		assertStatus(afterwards, 201);
		assertThat(afterwards.header("X-Strategy")).isEqualTo("v2");
		assertThat(afterwards.json().get("balanceAfter").asLong()).isZero();
		assertThat(assertLedgerExact(user)).isZero();
	}

	@Test
	void rebuildsTheGateFromTheDatabaseAfterRedisIsFlushed() {
		String user = newUser("flushed");
		fund(user, 100);
		assertStatus(use(user, "before-flush", 30, "v2"), 201);

		this.redisson.getKeys().flushdb();

		Response after = use(user, "after-flush", 50, "v2");
		assertStatus(after, 201);
		assertThat(after.header("X-Strategy")).isEqualTo("v2");
		assertThat(after.json().get("balanceAfter").asLong()).isEqualTo(20);
		Response tooMuch = use(user, "too-much", 21, "v2");
		assertStatus(tooMuch, 409);
		assertThat(tooMuch.code()).isEqualTo("INSUFFICIENT_POINTS");
		Response rest = use(user, "rest", 20, "v2");
		assertStatus(rest, 201);
		assertThat(this.redisson.getMap("point-use:{" + user + "}:gate", StringCodec.INSTANCE).get("stock"))
			.isEqualTo("0");
		assertThat(assertLedgerExact(user)).isZero();
	}

	@Test
	void grantsBehindTheGatesBackAreSeenByTheNextUse() {
		String user = newUser("topped-up");
		fund(user, 10);
		assertStatus(use(user, "first", 10, "v2"), 201);

		fund(user, 50);

		Response used = use(user, "second", 50, "v2");
		assertStatus(used, 201);
		assertThat(used.json().get("balanceAfter").asLong()).isZero();
	}

	@Test
	void rejectsBadInputNamingTheFieldAndWritesNothing() {
		String user = newUser("bad-input");
		fund(user, 100);
		int before = rowsOf(user);
		String tooLong = "x".repeat(65);

		assertValidationFailed(call("POST", "/api/points/use?strategy=v1", user, "{\"amount\":10}"), "orderId");
		assertValidationFailed(call("POST", "/api/points/use?strategy=v1", user, "{\"orderId\":\"  \",\"amount\":10}"),
				"orderId");
		assertValidationFailed(call("POST", "/api/points/use?strategy=v1", user, "{\"orderId\":\"\",\"amount\":10}"),
				"orderId");
		assertValidationFailed(
				call("POST", "/api/points/use?strategy=v1", user, "{\"orderId\":\"" + tooLong + "\",\"amount\":10}"),
				"orderId");
		for (String amount : new String[] { "0", "-1", "10000000000", "1e10", "\"x\"", "null", "1000000001", "1.5",
				"99999999999999999999", "\"10\"" }) {
			for (String strategy : new String[] { "v1", "v2", "v3" }) {
				assertValidationFailed(call("POST", "/api/points/use?strategy=" + strategy, user,
						"{\"orderId\":\"o\",\"amount\":" + amount + "}"), "amount");
			}
		}
		assertValidationFailed(call("POST", "/api/points/use?strategy=v1", user, "{\"orderId\":\"o\"}"), "amount");
		assertValidationFailed(call("POST", "/api/points/use?strategy=v9", user, "{\"orderId\":\"o\",\"amount\":1}"),
				"strategy");
		assertThat(call("POST", "/api/points/use?strategy=v1", user, "not json").status()).isEqualTo(400);
		assertThat(rowsOf(user)).isEqualTo(before);
		assertThat(call("POST", "/api/points/use", null, "{\"orderId\":\"o\",\"amount\":1}").status()).isEqualTo(401);
		assertThat(use(user, "x".repeat(64), 100, "v1").status()).isEqualTo(201);
	}

	private static String v2Request(String user, String order) {
		return PointUseService.requestId(user, order);
	}

}
