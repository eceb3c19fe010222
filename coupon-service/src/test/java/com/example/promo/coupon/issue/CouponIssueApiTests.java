package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CouponIssueApiTests extends IntegrationTestSupport {

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Test
	void issuesSynchronouslyWithV1AndV2() {
		long id = createCoupon(10, 1);

		for (String strategy : new String[] { "v1", "v2" }) {
			Response issued = call("POST", "/api/coupons/" + id + "/issue?strategy=" + strategy, "sync-" + strategy,
					null);

			assertThat(issued.status()).isEqualTo(201);
			assertThat(issued.header("X-Strategy")).isEqualTo(strategy);
			assertThat(issued.json().get("couponId").asLong()).isEqualTo(id);
			assertThat(issued.json().get("userId").asString()).isEqualTo("sync-" + strategy);
			assertThat(issued.json().get("status").asString()).isEqualTo("ISSUED");
			assertThat(issued.header("Location")).isEqualTo("/api/coupons/issued/" + issued.json().get("id").asLong());
		}
		assertThat(issuedRows(id)).isEqualTo(2);
	}

	@Test
	void defaultsToV2() {
		long id = createCoupon(10, 1);

		Response issued = call("POST", "/api/coupons/" + id + "/issue", "default-user", null);

		assertThat(issued.status()).isEqualTo(201);
		assertThat(issued.header("X-Strategy")).isEqualTo("v2");
	}

	@Test
	void queuesWithV3AndReportsTheOutcome() {
		long id = createCoupon(1, 1);

		Response accepted = call("POST", "/api/coupons/" + id + "/issue?strategy=v3", "queued-" + id, null);

		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.header("X-Strategy")).isEqualTo("v3");
		String requestId = accepted.json().get("requestId").asString();
		assertThat(accepted.json().get("status").asString()).isEqualTo("PENDING");
		assertThat(accepted.header("Location")).isEqualTo("/api/coupons/requests/" + requestId);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> call("GET", "/api/coupons/requests/" + requestId, "queued-" + id, null).json()
				.get("status")
				.asString()
				.equals("ISSUED"));
		Response status = call("GET", "/api/coupons/requests/" + requestId, "queued-" + id, null);
		assertThat(status.json().get("coupon").get("userId").asString()).isEqualTo("queued-" + id);
		assertThat(issuedRows(id)).isEqualTo(1);
		assertThat(call("GET", "/api/coupons/requests/" + requestId, "someone-else", null).status()).isEqualTo(404);
		assertThat(call("GET", "/api/coupons/requests/not-a-uuid", "queued-" + id, null).status()).isEqualTo(400);
		assertThat(call("POST", "/api/coupons/" + id + "/issue?strategy=v3", "late-" + id, null).code())
			.isEqualTo("COUPON_SOLD_OUT");
	}

	@Test
	void refusesUnknownCouponsOnEveryStrategy() {
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			Response response = call("POST", "/api/coupons/987654321/issue?strategy=" + strategy, "nobody", null);
			assertThat(response.status()).isEqualTo(404);
			assertThat(response.code()).isEqualTo("COUPON_NOT_FOUND");
		}
	}

	@Test
	void rejectsAnUnknownStrategyNamingTheParameter() {
		long id = createCoupon(10, 1);

		Response response = call("POST", "/api/coupons/" + id + "/issue?strategy=v9", "picky", null);

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("strategy");
		assertThat(issuedRows(id)).isZero();
	}

	@Test
	void honoursThePerUserLimit() {
		long id = createCoupon(10, 2);

		assertThat(call("POST", "/api/coupons/" + id + "/issue?strategy=v1", "twice", null).status()).isEqualTo(201);
		assertThat(call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "twice", null).status()).isEqualTo(201);
		Response third = call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "twice", null);

		assertThat(third.status()).isEqualTo(409);
		assertThat(third.code()).isEqualTo("ALREADY_ISSUED");
		assertThat(issuedRows(id)).isEqualTo(2);
	}

	@Test
	void replaysAnIdempotencyKeyInsteadOfIssuingAgain() {
		long id = createCoupon(10, 3);
		long other = createCoupon(10, 3);
		String key = "key-" + id;

		Response first = call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "keyed", null, "Idempotency-Key",
				key);
		Response replay = call("POST", "/api/coupons/" + id + "/issue?strategy=v1", "keyed", null, "Idempotency-Key",
				key);
		Response otherCoupon = call("POST", "/api/coupons/" + other + "/issue", "keyed", null, "Idempotency-Key", key);
		Response otherUser = call("POST", "/api/coupons/" + id + "/issue", "keyed-2", null, "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
		assertThat(otherCoupon.status()).isEqualTo(422);
		assertThat(otherCoupon.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(otherUser.status()).isEqualTo(201);
		assertThat(issuedRows(id)).isEqualTo(2);
		assertThat(issuedRows(other)).isZero();
	}

	/**
	 * A double click under a per-user limit of one: ten presses of one Idempotency-Key at
	 * once issue one coupon, and every press answers 201 with it (the twins that lost at
	 * the limit answer as its replay, not ALREADY_ISSUED).
	 */
	@ParameterizedTest
	@ValueSource(strings = { "v1", "v2" })
	void answersEveryPressOfADoubleClickWithTheOneCoupon(String strategy) throws Exception {
		long id = createCoupon(10, 1);
		String userId = "double-click-" + strategy + "-" + id;

		List<Response> answers = IssuingContract.burst(10, (i) -> call("POST",
				"/api/coupons/" + id + "/issue?strategy=" + strategy, userId, null, "Idempotency-Key", "click-" + id));

		long couponId = this.jdbc.queryForObject("select id from issued_coupon where coupon_id = ? and user_id = ?",
				Long.class, id, userId);
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(201);
			assertThat(answer.json().get("id").asLong()).isEqualTo(couponId);
		});
	}

	@Test
	void servesV2AndV3WithV1WhileTheRedisCircuitIsOpen() {
		long id = createCoupon(10, 1);
		CircuitBreaker breaker = this.breakers.circuitBreaker("redisGate");
		breaker.transitionToForcedOpenState();
		try {
			Response v2 = call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "fallback-2", null);
			Response v3 = call("POST", "/api/coupons/" + id + "/issue?strategy=v3", "fallback-3", null);

			assertThat(v2.status()).isEqualTo(201);
			assertThat(v2.header("X-Strategy")).isEqualTo("v1");
			assertThat(v3.status()).isEqualTo(201);
			assertThat(v3.header("X-Strategy")).isEqualTo("v1");
			assertThat(call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "fallback-2", null).code())
				.isEqualTo("ALREADY_ISSUED");
		}
		finally {
			breaker.transitionToClosedState();
		}
		assertThat(issuedRows(id)).isEqualTo(2);
		Response afterwards = call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "fallback-2", null);
		assertThat(afterwards.header("X-Strategy")).isEqualTo("v2");
		assertThat(afterwards.code()).isEqualTo("ALREADY_ISSUED");
	}

	@Test
	void listsOnlyTheCallersCoupons() {
		long id = createCoupon(10, 1);
		long issuedId = call("POST", "/api/coupons/" + id + "/issue", "owner-" + id, null).json().get("id").asLong();
		call("POST", "/api/coupons/" + id + "/issue", "stranger-" + id, null);

		Response mine = call("GET", "/api/coupons/me?size=5", "owner-" + id, null);

		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.json().get("totalElements").asLong()).isEqualTo(1);
		assertThat(mine.json().get("content").get(0).get("id").asLong()).isEqualTo(issuedId);
		assertThat(call("GET", "/api/coupons/issued/" + issuedId, "owner-" + id, null).status()).isEqualTo(200);
		Response strangers = call("GET", "/api/coupons/issued/" + issuedId, "stranger-" + id, null);
		assertThat(strangers.status()).isEqualTo(404);
		assertThat(strangers.code()).isEqualTo("ISSUED_COUPON_NOT_FOUND");
	}

	@Test
	void refusesAPageOfMyCouponsSoDeepThatPageTimesSizeWouldOverflowNamingIt() {
		assertValidationFailed(call("GET", "/api/coupons/me?page=21474837&size=100", "deep-pager", null), "page");
		assertValidationFailed(call("GET", "/api/coupons/me?page=10001", "deep-pager", null), "page");
		assertThat(call("GET", "/api/coupons/me?page=10000&size=100", "deep-pager", null).status()).isEqualTo(200);
	}

}
