package com.example.promo.point.join;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.point.promotion.PromotionTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

class JoinApiTests extends PromotionTestSupport {

	private static final String[] STRATEGIES = { "v1", "v2", "v3" };

	@Autowired
	private CircuitBreakerRegistry breakers;

	@Autowired
	private KafkaTemplate<String, PointJoinRequested> kafka;

	private static LocalDate businessToday() {
		return LocalDate.now(ZoneId.of("Asia/Seoul"));
	}

	private static String path(long id, String strategy) {
		return "/api/points/promotions/" + id + "/join?strategy=" + strategy;
	}

	@Test
	void joinsWithV1AndV2EarningTheRewardInTheSameTransaction() {
		long id = createPromotion(10, null, false);
		String userId = "joiner-" + id;

		Response v1 = join(path(id, "v1"), userId);
		Response v2 = join(path(id, "v2"), userId);

		assertThat(v1.status()).as(v1.body()).isEqualTo(201);
		assertThat(v1.header("X-Strategy")).isEqualTo("v1");
		assertThat(v2.status()).as(v2.body()).isEqualTo(201);
		assertThat(v2.header("X-Strategy")).isEqualTo("v2");
		for (Response joined : new Response[] { v1, v2 }) {
			assertThat(joined.json().get("promotionId").asLong()).isEqualTo(id);
			assertThat(joined.json().get("userId").asString()).isEqualTo(userId);
			assertThat(joined.json().get("rewardPoints").asLong()).isEqualTo(100);
			assertThat(LocalDate.parse(joined.json().get("joinedOn").asString())).isEqualTo(businessToday());
			long joinId = joined.json().get("joinId").asLong();
			long lotId = joined.json().get("lotId").asLong();
			Map<String, Object> row = this.jdbc.queryForMap("select * from point_join where id = ?", joinId);
			assertThat(row.get("lot_id")).isEqualTo(lotId);
			assertThat(row.get("daily_key")).isNull();
			Map<String, Object> lot = this.jdbc.queryForMap("select * from point_lot where id = ?", lotId);
			assertThat(lot.get("user_id")).isEqualTo(userId);
			assertThat(lot.get("amount")).isEqualTo(100L);
			assertThat(lot.get("source")).isEqualTo("PROMOTION");
			assertThat(lot.get("source_ref")).isEqualTo(row.get("request_id"));
			Instant expiresAt = this.jdbc.queryForObject(
					"select date_format(expires_at, '%Y-%m-%dT%H:%i:%s.%fZ') from point_lot where id = ?",
					(rs, i) -> Instant.parse(rs.getString(1)), lotId);
			assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(1, ChronoUnit.MINUTES));
		}
		assertThat(this.jdbc.queryForList("select user_seq from point_join where promotion_id = ? order by id",
				Integer.class, id))
			.containsExactly(1, 2);
		assertThat(joinedCount(id)).isEqualTo(2);
		assertThat(assertLedgerExact(userId)).isEqualTo(200);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from point_ledger_entry where user_id = ? and type = 'EARN' and promotion_id = ?",
				Integer.class, userId, id))
			.isEqualTo(2);
	}

	@Test
	void defaultsToV2() {
		long id = createPromotion(10, 1, false);

		Response joined = join("/api/points/promotions/" + id + "/join", "default-" + id);

		assertThat(joined.status()).isEqualTo(201);
		assertThat(joined.header("X-Strategy")).isEqualTo("v2");
	}

	@Test
	void queuesWithV3AndReportsTheJoinWhenDone() {
		long id = createPromotion(10, 1, false);
		String userId = "queued-" + id;

		Response accepted = join(path(id, "v3"), userId);

		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(accepted.header("X-Strategy")).isEqualTo("v3");
		String requestId = accepted.json().get("requestId").asString();
		assertThat(accepted.json().get("status").asString()).isEqualTo("PENDING");
		assertThat(accepted.header("Location")).isEqualTo("/api/points/requests/" + requestId);
		await().atMost(Duration.ofSeconds(30)).until(() -> requestStatus(requestId).equals("DONE"));
		Response polled = call("GET", "/api/points/requests/" + requestId, userId, null);
		assertThat(polled.status()).isEqualTo(200);
		assertThat(polled.json().get("status").asString()).isEqualTo("DONE");
		long joinId = this.jdbc.queryForObject("select id from point_join where request_id = ?", Long.class, requestId);
		assertThat(polled.json().get("join").get("joinId").asLong()).isEqualTo(joinId);
		assertThat(polled.json().get("join").get("promotionId").asLong()).isEqualTo(id);
		assertThat(polled.json().get("join").get("userId").asString()).isEqualTo(userId);
		assertThat(polled.json().get("join").get("rewardPoints").asLong()).isEqualTo(100);
		assertThat(polled.json().get("join").get("joinedOn").asString()).isEqualTo(businessToday().toString());
		assertThat(polled.json().get("join").get("lotId").asLong()).isPositive();
		assertThat(call("GET", "/api/points/requests/" + requestId, "someone-else", null).status()).isEqualTo(404);
		assertThat(assertLedgerExact(userId)).isEqualTo(100);
	}

	@Test
	void refusesAnUnknownPromotionOnEveryStrategy() {
		for (String strategy : STRATEGIES) {
			Response refused = join(path(987654321L, strategy), "nobody");
			assertThat(refused.status()).isEqualTo(404);
			assertThat(refused.code()).isEqualTo("PROMOTION_NOT_FOUND");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		}
	}

	@Test
	void refusesUntilEveryRequiredPromotionIsJoinedThenJoins() {
		long first = createPromotion(null, null, false);
		long second = createPromotion(null, null, false);
		long gated = createPromotion(null, null, false, first, second);
		String userId = "climber-" + gated;

		for (String strategy : STRATEGIES) {
			Response refused = join(path(gated, strategy), userId);
			assertThat(refused.status()).as(strategy).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("PREREQUISITE_NOT_MET");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		}
		assertThat(join(path(first, "v1"), userId).status()).isEqualTo(201);
		for (String strategy : STRATEGIES) {
			assertThat(join(path(gated, strategy), userId).code()).as(strategy).isEqualTo("PREREQUISITE_NOT_MET");
		}
		assertThat(joinRows(gated)).isZero();

		assertThat(join(path(second, "v2"), userId).status()).isEqualTo(201);
		assertThat(join(path(gated, "v1"), userId).status()).isEqualTo(201);
		assertThat(join(path(gated, "v2"), userId).status()).isEqualTo(201);
		Response queued = join(path(gated, "v3"), userId);
		assertThat(queued.status()).isEqualTo(202);
		String requestId = queued.json().get("requestId").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> requestStatus(requestId).equals("DONE"));
		assertThat(joinRows(gated)).isEqualTo(3);
		assertThat(joinedCount(gated)).isEqualTo(3);
		assertThat(assertLedgerExact(userId)).isEqualTo(500);
	}

	@Test
	void theJoinTransactionChecksPrerequisitesAgainWhateverAdmissionSaid() {
		long required = createPromotion(null, null, false);
		long gated = createPromotion(null, null, false, required);
		String requestId = UUID.randomUUID().toString();

		// Straight to the queue, as if admission had been passed: the consumer refuses.
		this.kafka
			.send(PointJoinRequested.TOPIC, Long.toString(gated),
					new PointJoinRequested(requestId, gated, "skipper-" + gated, "", "no-epoch", Instant.now()))
			.join();

		await().atMost(Duration.ofSeconds(30)).until(() -> !requestStatus(requestId).equals("PENDING"));
		assertThat(requestStatus(requestId)).isEqualTo("REJECTED");
		assertThat(this.jdbc.queryForObject("select reason from point_request where request_id = ?", String.class,
				requestId))
			.isEqualTo("PREREQUISITE_NOT_MET");
		assertThat(joinRows(gated)).isZero();
		assertThat(joinedCount(gated)).isZero();
	}

	@Test
	void honoursTheLifetimeLimitPerUser() {
		long id = createPromotion(10, 2, false);
		String userId = "twice-" + id;

		assertThat(join(path(id, "v1"), userId).status()).isEqualTo(201);
		assertThat(join(path(id, "v2"), userId).status()).isEqualTo(201);
		for (String strategy : STRATEGIES) {
			Response third = join(path(id, strategy), userId);
			assertThat(third.status()).as(strategy).isEqualTo(409);
			assertThat(third.code()).isEqualTo("JOIN_LIMIT_REACHED");
			assertThat(third.header("X-Strategy")).isEqualTo(strategy);
		}
		assertThat(joinRows(id)).isEqualTo(2);
		assertThat(join(path(id, "v2"), "other-" + id).status()).isEqualTo(201);
	}

	/**
	 * A double click: ten presses of one Idempotency-Key at once, under a lifetime limit
	 * of one and on a once-per-day promotion, make one join, and every press answers 201
	 * with it (the twins that lost at the limit answer as its replay, not
	 * JOIN_LIMIT_REACHED or ALREADY_JOINED_TODAY).
	 */
	@ParameterizedTest
	@CsvSource({ "v1, false", "v2, false", "v1, true", "v2, true" })
	void answersEveryPressOfADoubleClickWithTheOneJoin(String strategy, boolean oncePerDay) throws Exception {
		long id = oncePerDay ? createPromotion(null, null, true) : createPromotion(10, 1, false);
		String userId = "double-click-" + strategy + "-" + id;

		List<Response> answers = IssuingContract.burst(10,
				(i) -> call("POST", path(id, strategy), userId, null, "Idempotency-Key", "click-" + id));

		assertThat(joinRows(id)).isOne();
		long joinId = this.jdbc.queryForObject("select id from point_join where promotion_id = ? and user_id = ?",
				Long.class, id, userId);
		assertThat(answers).allSatisfy((answer) -> {
			assertThat(answer.status()).as(answer.body()).isEqualTo(201);
			assertThat(answer.json().get("joinId").asLong()).isEqualTo(joinId);
		});
	}

	@Test
	void aOncePerDayPromotionTakesOneJoinPerBusinessDay() {
		long id = createPromotion(null, null, true);
		String userId = "daily-" + id;
		LocalDate yesterday = businessToday().minusDays(1);
		this.jdbc.update("""
				insert into point_join (promotion_id, user_id, user_seq, joined_on, daily_key, reward_points, lot_id,
				                        request_id, strategy, joined_at)
				values (?, ?, 1, ?, ?, 100, 0, ?, 'V1', utc_timestamp(6) - interval 1 day)""", id, userId, yesterday,
				yesterday, UUID.randomUUID().toString());

		Response today = join(path(id, "v2"), userId);

		assertThat(today.status()).as(today.body()).isEqualTo(201);
		assertThat(today.json().get("joinedOn").asString()).isEqualTo(businessToday().toString());
		assertThat(this.jdbc.queryForMap("select user_seq, daily_key from point_join where id = ?",
				today.json().get("joinId").asLong()))
			.containsEntry("user_seq", 2)
			.containsEntry("daily_key", java.sql.Date.valueOf(businessToday()));
		for (String strategy : STRATEGIES) {
			Response again = join(path(id, strategy), userId);
			assertThat(again.status()).as(strategy).isEqualTo(409);
			assertThat(again.code()).isEqualTo("ALREADY_JOINED_TODAY");
		}
		assertThat(join(path(id, "v1"), "another-" + id).status()).isEqualTo(201);
		assertThat(joinRows(id)).isEqualTo(3);
	}

	@Test
	void killSwitchStopsEveryStrategyAndReopens() {
		long id = createPromotion(10, 1, false);
		assertThat(join(path(id, "v2"), "warm-" + id).status()).isEqualTo(201);

		Response paused = call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{\"status\":\"PAUSED\"}");

		assertThat(paused.json().get("joinedCount").asInt()).isEqualTo(1);
		assertThat(paused.json().get("remainingJoins").asInt()).isEqualTo(9);
		for (String strategy : STRATEGIES) {
			Response refused = join(path(id, strategy), "paused-" + strategy + "-" + id);
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("PROMOTION_NOT_OPEN");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		}
		assertThat(joinRows(id)).isEqualTo(1);

		call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{\"status\":\"ACTIVE\"}");
		assertThat(join(path(id, "v2"), "reopened-" + id).status()).isEqualTo(201);
	}

	@Test
	void refusesOutsideTheWindow() {
		long future = createPromotion(10, 1, false, Instant.now().plus(Duration.ofHours(1)),
				Instant.now().plus(Duration.ofHours(2)));
		long past = createPromotion(10, 1, false, Instant.now().minus(Duration.ofHours(2)),
				Instant.now().minus(Duration.ofHours(1)));

		for (long id : new long[] { future, past }) {
			for (String strategy : STRATEGIES) {
				Response refused = join(path(id, strategy), "early-or-late");
				assertThat(refused.status()).as(id + " " + strategy).isEqualTo(409);
				assertThat(refused.code()).isEqualTo("PROMOTION_NOT_OPEN");
			}
			assertThat(joinRows(id)).isZero();
		}
	}

	@Test
	void refusesOnceSoldOut() {
		long id = createPromotion(1, 1, false);
		assertThat(join(path(id, "v1"), "first-" + id).status()).isEqualTo(201);

		for (String strategy : STRATEGIES) {
			Response refused = join(path(id, strategy), "late-" + strategy + "-" + id);
			assertThat(refused.status()).as(strategy).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("PROMOTION_SOLD_OUT");
		}
		assertThat(joinRows(id)).isEqualTo(1);
		assertThat(call("GET", "/api/points/promotions/" + id, "someone", null).json().get("remainingJoins").asInt())
			.isZero();
	}

	@Test
	void replaysAnIdempotencyKeyInsteadOfJoiningAgain() {
		long id = createPromotion(10, 3, false);
		long other = createPromotion(10, 3, false);
		String key = "key-" + id;
		String keyed = "keyed-" + id;

		Response first = call("POST", path(id, "v2"), keyed, null, "Idempotency-Key", key);
		Response replay = call("POST", path(id, "v1"), keyed, null, "Idempotency-Key", key);
		Response replayV3 = call("POST", path(id, "v3"), keyed, null, "Idempotency-Key", key);
		Response otherPromotion = call("POST", path(other, "v2"), keyed, null, "Idempotency-Key", key);
		Response otherUser = call("POST", path(id, "v2"), keyed + "-2", null, "Idempotency-Key", key);

		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("X-Strategy")).isEqualTo("v2");
		assertThat(replay.body()).isEqualTo(first.body());
		assertThat(replayV3.status()).isEqualTo(201);
		assertThat(replayV3.json().get("joinId").asLong()).isEqualTo(first.json().get("joinId").asLong());
		assertThat(otherPromotion.status()).isEqualTo(422);
		assertThat(otherPromotion.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(otherUser.status()).isEqualTo(201);
		assertThat(joinRows(id)).isEqualTo(2);
		assertThat(joinRows(other)).isZero();
		assertThat(assertLedgerExact(keyed)).isEqualTo(100);
	}

	@Test
	void replaysAQueuedKeyAndItsRefusal() {
		long id = createPromotion(10, 1, false);
		long soldOut = createPromotion(1, 1, false);
		assertThat(join(path(soldOut, "v2"), "taker-" + soldOut).status()).isEqualTo(201);

		Response queued = call("POST", path(id, "v3"), "queued-key", null, "Idempotency-Key", "q-" + id);
		String requestId = queued.json().get("requestId").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> requestStatus(requestId).equals("DONE"));
		Response replay = call("POST", path(id, "v3"), "queued-key", null, "Idempotency-Key", "q-" + id);
		Response refused = call("POST", path(soldOut, "v3"), "queued-key", null, "Idempotency-Key", "r-" + id);
		Response refusedAgain = call("POST", path(soldOut, "v1"), "queued-key", null, "Idempotency-Key", "r-" + id);

		assertThat(queued.status()).isEqualTo(202);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("X-Strategy")).isEqualTo("v3");
		assertThat(refused.status()).as("refused at the gate").isEqualTo(409);
		assertThat(refused.code()).isEqualTo("PROMOTION_SOLD_OUT");
		assertThat(refusedAgain.status()).isEqualTo(409);
		assertThat(refusedAgain.code()).isEqualTo("PROMOTION_SOLD_OUT");
		assertThat(joinRows(id)).isEqualTo(1);
		assertThat(joinRows(soldOut)).isEqualTo(1);
	}

	@Test
	void servesV2AndV3WithV1WhileTheRedisCircuitIsOpen() {
		long id = createPromotion(10, 1, false);
		CircuitBreaker breaker = this.breakers.circuitBreaker("redisGate");
		breaker.transitionToForcedOpenState();
		try {
			Response v2 = join(path(id, "v2"), "fallback-2-" + id);
			Response v3 = join(path(id, "v3"), "fallback-3-" + id);

			assertThat(v2.status()).isEqualTo(201);
			assertThat(v2.header("X-Strategy")).isEqualTo("v1");
			assertThat(v3.status()).isEqualTo(201);
			assertThat(v3.header("X-Strategy")).isEqualTo("v1");
			Response again = join(path(id, "v2"), "fallback-2-" + id);
			assertThat(again.code()).isEqualTo("JOIN_LIMIT_REACHED");
			assertThat(again.header("X-Strategy")).isEqualTo("v1");
		}
		finally {
			breaker.transitionToClosedState();
		}
		assertThat(joinRows(id)).isEqualTo(2);
	}

	@Test
	void listsTheCallersJoinsNewestFirst() {
		long first = createPromotion(10, null, false);
		long second = createPromotion(10, null, false);
		String userId = "lister-" + first;
		Response older = join(path(first, "v1"), userId);
		Response newer = join(path(second, "v2"), userId);
		join(path(first, "v1"), "stranger-" + first);

		Response page = call("GET", "/api/points/me/joins?page=0&size=10", userId, null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("totalElements").asLong()).isEqualTo(2);
		assertThat(page.json().get("content").get(0)).isEqualTo(newer.json());
		assertThat(page.json().get("content").get(1)).isEqualTo(older.json());
		assertValidationFailed(call("GET", "/api/points/me/joins?size=0", userId, null), "size");
	}

	@Test
	void rejectsBadJoinInputNamingTheFieldAndWritesNothing() {
		long id = createPromotion(10, 1, false);

		assertValidationFailed(join(path(id, "v9"), "bad-" + id), "strategy");
		assertValidationFailed(call("POST", path(id, "v2"), "bad-" + id, null, "Idempotency-Key", "k".repeat(101)),
				"idempotencyKey");
		assertValidationFailed(join("/api/points/promotions/abc/join", "bad-" + id), "id");

		assertThat(joinRows(id)).isZero();
		assertThat(joinedCount(id)).isZero();
		assertThat(call("POST", path(id, "v2"), null, null).status()).isEqualTo(401);
	}

	@Test
	void adminsCompareAPromotionsJoinGateWithTheDatabase() {
		long id = createPromotion(10, 1, false);
		assertThat(join(path(id, "v2"), "gated-" + id).status()).isEqualTo(201);

		Response report = call("GET", "/api/points/admin/gates/" + id + "?resource=point-join", "admin", null);

		assertThat(report.status()).as(report.body()).isEqualTo(200);
		assertThat(report.json().get("resource").asString()).isEqualTo("point-join");
		assertThat(report.json().get("gatePresent").asBoolean()).isTrue();
		assertThat(report.json().get("gateStock").asLong()).isEqualTo(9);
		assertThat(report.json().get("databaseRemaining").asLong()).isEqualTo(9);
		assertThat(call("GET", "/api/points/admin/gates/" + id + "?resource=point-join", "someone", null).status())
			.isEqualTo(403);
	}

}
