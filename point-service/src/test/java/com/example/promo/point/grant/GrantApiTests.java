package com.example.promo.point.grant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.example.promo.point.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/points/grants}: the lot it answers, idempotency per sourceId (replay,
 * reuse with another body, concurrent duplicates), admin only, and bad input.
 */
class GrantApiTests extends IntegrationTestSupport {

	private static String body(String userId, long amount, String reason, String sourceId, int validDays) {
		return """
				{"userId":"%s","amount":%d,"reason":"%s","sourceId":"%s","validDays":%d}
				""".formatted(userId, amount, reason, sourceId, validDays);
	}

	private int rows(String table, String where, Object arg) {
		return this.jdbc.queryForObject("select count(*) from " + table + " where " + where, Integer.class, arg);
	}

	@Test
	void grantsALotAndRecordsWhoGrantedIt() {
		String user = "grantee-" + UUID.randomUUID();
		String sourceId = "grant-" + UUID.randomUUID();
		Instant before = Instant.now();

		Response granted = call("POST", "/api/points/grants", "admin", body(user, 1500, "welcome", sourceId, 30));

		assertThat(granted.status()).as(granted.body()).isEqualTo(201);
		JsonNode lot = granted.json();
		assertThat(lot.get("lotId").asLong()).isPositive();
		assertThat(lot.get("userId").asString()).isEqualTo(user);
		assertThat(lot.get("sourceId").asString()).isEqualTo(sourceId);
		assertThat(lot.get("amount").asLong()).isEqualTo(1500);
		assertThat(lot.get("remaining").asLong()).isEqualTo(1500);
		assertThat(lot.get("source").asString()).isEqualTo("GRANT");
		Instant earnedAt = Instant.parse(lot.get("earnedAt").asString());
		Instant expiresAt = Instant.parse(lot.get("expiresAt").asString());
		assertThat(earnedAt).isBetween(before.minusSeconds(1), Instant.now().plusSeconds(1));
		assertThat(Duration.between(earnedAt, expiresAt)).isBetween(Duration.ofDays(30).minusSeconds(1),
				Duration.ofDays(30).plusSeconds(1));
		assertThat(this.jdbc.queryForObject("select granted_by from point_grant where source_id = ?", String.class,
				sourceId))
			.isEqualTo("admin");
		assertThat(this.jdbc.queryForObject(
				"select concat(type, ' ', amount, ' ', balance_after, ' ', reason) from point_ledger_entry where user_id = ?",
				String.class, user))
			.isEqualTo("EARN 1500 1500 welcome");
		assertThat(assertLedgerExact(user)).isEqualTo(1500);
	}

	@Test
	void theSameBodyAgainAnswersTheFirstGrantAndWritesNothingMore() {
		String user = "replay-" + UUID.randomUUID();
		String sourceId = "grant-" + UUID.randomUUID();
		String body = body(user, 700, "compensation", sourceId, 10);

		Response first = call("POST", "/api/points/grants", "admin", body);
		Response again = call("POST", "/api/points/grants", "admin", body);

		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).as(again.body()).isEqualTo(201);
		assertThat(again.json()).isEqualTo(first.json());
		assertThat(rows("point_lot", "user_id = ?", user)).isEqualTo(1);
		assertThat(rows("point_ledger_entry", "user_id = ?", user)).isEqualTo(1);
		assertThat(assertLedgerExact(user)).isEqualTo(700);
	}

	@Test
	void theSameSourceIdWithAnotherBodyIsRefusedAndWritesNothing() {
		String user = "reuse-" + UUID.randomUUID();
		String sourceId = "grant-" + UUID.randomUUID();
		assertThat(call("POST", "/api/points/grants", "admin", body(user, 700, "r", sourceId, 10)).status())
			.isEqualTo(201);

		for (String other : List.of(body(user + "x", 700, "r", sourceId, 10), body(user, 701, "r", sourceId, 10),
				body(user, 700, "r2", sourceId, 10), body(user, 700, "r", sourceId, 11))) {
			Response reused = call("POST", "/api/points/grants", "admin", other);
			assertThat(reused.status()).as(other).isEqualTo(422);
			assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		}
		assertThat(rows("point_lot", "source_ref = ?", sourceId)).isEqualTo(1);
		assertThat(rows("point_account", "user_id = ?", user + "x")).isZero();
		assertThat(assertLedgerExact(user)).isEqualTo(700);
	}

	@Test
	void concurrentIdenticalGrantsWriteOneLotAndAllAnswerIt() throws Exception {
		String user = "burst-" + UUID.randomUUID();
		String body = body(user, 100, "burst", "grant-" + UUID.randomUUID(), 5);
		int callers = 20;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
			for (int i = 0; i < callers; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return call("POST", "/api/points/grants", "admin", body);
				}));
			}
			start.countDown();
			List<Long> lotIds = new ArrayList<>();
			for (Future<Response> answer : answers) {
				Response response = answer.get();
				assertThat(response.status()).as(response.body()).isEqualTo(201);
				lotIds.add(response.json().get("lotId").asLong());
			}
			assertThat(lotIds).containsOnly(lotIds.get(0));
		}
		assertThat(rows("point_lot", "user_id = ?", user)).isEqualTo(1);
		assertThat(rows("point_ledger_entry", "user_id = ?", user)).isEqualTo(1);
		assertThat(assertLedgerExact(user)).isEqualTo(100);
	}

	@Test
	void onlyAnAdminGrants() {
		String user = "self-" + UUID.randomUUID();
		Response asUser = call("POST", "/api/points/grants", user,
				body(user, 100, "mine", "g-" + UUID.randomUUID(), 5));
		Response anonymous = call("POST", "/api/points/grants", null,
				body(user, 100, "mine", "g-" + UUID.randomUUID(), 5));

		assertThat(asUser.status()).isEqualTo(403);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(rows("point_lot", "user_id = ?", user)).isZero();
	}

	@Test
	void rejectsBadInputNamingTheFieldAndWritesNothing() {
		String user = "bad-" + UUID.randomUUID();
		String sixtyFive = "x".repeat(65);
		String valid = body(user, 100, "ok", "src", 30);
		List<String[]> corpus = List.of(new String[] { body("", 100, "ok", "s1", 30), "userId" },
				new String[] { body("   ", 100, "ok", "s1", 30), "userId" },
				new String[] { body(sixtyFive, 100, "ok", "s1", 30), "userId" },
				new String[] { valid.replace("\"userId\":\"" + user + "\",", ""), "userId" },
				new String[] { body(user, 0, "ok", "s1", 30), "amount" },
				new String[] { body(user, -5, "ok", "s1", 30), "amount" },
				new String[] { body(user, 1_000_000_001L, "ok", "s1", 30), "amount" },
				new String[] { valid.replace("\"amount\":100", "\"amount\":\"lots\""), "amount" },
				new String[] { valid.replace("\"amount\":100,", ""), "amount" },
				new String[] { body(user, 100, "", "s1", 30), "reason" },
				new String[] { body(user, 100, "r".repeat(201), "s1", 30), "reason" },
				new String[] { body(user, 100, "ok", "", 30), "sourceId" },
				new String[] { body(user, 100, "ok", sixtyFive, 30), "sourceId" },
				new String[] { body(user, 100, "ok", "s1", 0), "validDays" },
				new String[] { body(user, 100, "ok", "s1", 3651), "validDays" },
				new String[] { valid.replace(",\"validDays\":30", ""), "validDays" });

		for (String[] bad : corpus) {
			assertValidationFailed(call("POST", "/api/points/grants", "admin", bad[0]), bad[1]);
		}
		assertValidationFailed(call("POST", "/api/points/grants", "admin", "{not json"), "body");
		assertThat(rows("point_lot", "user_id = ?", user)).isZero();
		assertThat(rows("point_grant", "user_id = ?", user)).isZero();
	}

	@Test
	void acceptsTheLimitsOfEachField() {
		String user = "u".repeat(64);
		this.jdbc.update("delete from point_grant where user_id = ?", user);
		Response granted = call("POST", "/api/points/grants", "admin", body(user, 1_000_000_000L, "r".repeat(200),
				"s".repeat(58) + UUID.randomUUID().toString().substring(0, 6), 3650));
		assertThat(granted.status()).as(granted.body()).isEqualTo(201);
		assertThat(granted.json().get("amount").asLong()).isEqualTo(1_000_000_000L);
	}

}
