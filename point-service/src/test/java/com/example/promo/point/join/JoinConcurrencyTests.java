package com.example.promo.point.join;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.point.promotion.PromotionTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The join rules under contention, per strategy and mixed, asserted in the database: a
 * stampede of 200 users on 50 joins takes exactly 50 joins, each with its reward lot and
 * EARN entry, every answered join is a row, and every winner's ledger is exact; one user
 * pressing twenty times on a once-per-day promotion joins once.
 */
class JoinConcurrencyTests extends PromotionTestSupport {

	private static final int USERS = 200;

	private static final int JOINS = 50;

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	void twoHundredUsersOnFiftyJoinsTakeExactlyFifty(IssueStrategy strategy) throws Exception {
		long id = createPromotion(JOINS, 1, false);

		List<Response> answers = IssuingContract.burst(USERS,
				(i) -> join("/api/points/promotions/" + id + "/join?strategy=" + strategy, user(id, i)));

		assertThat(answers)
			.allSatisfy((answer) -> assertThat(answer.header("X-Strategy")).isEqualTo(strategy.toString()));
		assertExactlyFiftyJoins(id, answers);
	}

	@Test
	void mixedStrategiesOnOnePromotionTakeExactlyFifty() throws Exception {
		long id = createPromotion(JOINS, 1, false);
		IssueStrategy[] strategies = IssueStrategy.values();

		List<Response> answers = IssuingContract.burst(USERS,
				(i) -> join("/api/points/promotions/" + id + "/join?strategy=" + strategies[i % 3], user(id, i)));

		assertExactlyFiftyJoins(id, answers);
	}

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	void oneUserPressingTwentyTimesOnAOncePerDayPromotionJoinsOnce(IssueStrategy strategy) throws Exception {
		long id = createPromotion(null, null, true);
		String userId = "daily-hammer-" + id;

		List<Response> answers = IssuingContract.burst(20,
				(i) -> join("/api/points/promotions/" + id + "/join?strategy=" + strategy, userId));

		awaitDecided(answers);
		assertThat(answers).filteredOn((answer) -> answer.status() >= 400).allSatisfy((answer) -> {
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.code()).isEqualTo("ALREADY_JOINED_TODAY");
		});
		if (strategy != IssueStrategy.V3) {
			assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(1);
		}
		assertThat(joinRows(id)).isEqualTo(1);
		assertThat(joinedCount(id)).isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from point_lot where user_id = ?", Integer.class, userId))
			.isEqualTo(1);
		assertThat(assertLedgerExact(userId)).isEqualTo(100);
	}

	private static String user(long promotionId, int i) {
		return "stampede-" + promotionId + "-" + i;
	}

	private void assertExactlyFiftyJoins(long id, List<Response> answers) {
		assertThat(answers).allSatisfy((answer) -> {
			if (answer.status() >= 400) {
				assertThat(answer.status()).as(answer.body()).isEqualTo(409);
				assertThat(answer.code()).isEqualTo("PROMOTION_SOLD_OUT");
			}
			else {
				assertThat(answer.status()).as(answer.body()).isIn(201, 202);
			}
		});
		Map<Long, String> told = new HashMap<>();
		answers.stream().filter((answer) -> answer.status() == 201).forEach((answer) -> {
			told.put(answer.json().get("joinId").asLong(), answer.json().get("userId").asString());
			assertThat(answer.json().get("promotionId").asLong()).isEqualTo(id);
			assertThat(answer.json().get("rewardPoints").asLong()).isEqualTo(100);
		});
		Set<String> queued = new HashSet<>();
		answers.stream()
			.filter((answer) -> answer.status() == 202)
			.forEach((answer) -> queued.add(answer.json().get("requestId").asString()));
		await().atMost(Duration.ofSeconds(60))
			.until(() -> queued.stream().noneMatch((requestId) -> requestStatus(requestId).equals("PENDING")));
		for (String requestId : queued) {
			if (requestStatus(requestId).equals("DONE")) {
				Map<String, Object> done = this.jdbc
					.queryForMap("select join_id, user_id from point_request where request_id = ?", requestId);
				told.put(((Number) done.get("join_id")).longValue(), (String) done.get("user_id"));
			}
			else {
				assertThat(this.jdbc.queryForObject("select reason from point_request where request_id = ?",
						String.class, requestId))
					.isEqualTo("PROMOTION_SOLD_OUT");
			}
		}

		Map<Long, String> rows = new HashMap<>();
		this.jdbc.query("select id, user_id from point_join where promotion_id = ?", (row) -> {
			rows.put(row.getLong(1), row.getString(2));
		}, id);
		assertThat(told).as("every answered join is a row of its user, and nothing else is").isEqualTo(rows);
		assertThat(rows).hasSize(JOINS);
		assertThat(new HashSet<>(rows.values())).as("no user twice").hasSize(JOINS);
		assertThat(joinedCount(id)).isEqualTo(JOINS);
		assertThat(this.jdbc.queryForObject("""
				select count(*) from point_join j join point_lot l on l.id = j.lot_id
				where j.promotion_id = ? and l.user_id = j.user_id and l.source = 'PROMOTION'
				  and l.source_ref = j.request_id and l.amount = 100""", Integer.class, id))
			.as("one reward lot per join")
			.isEqualTo(JOINS);
		assertThat(this.jdbc.queryForObject(
				"select count(*) from point_ledger_entry where promotion_id = ? and type = 'EARN' and amount = 100",
				Integer.class, id))
			.as("one EARN entry per join")
			.isEqualTo(JOINS);
		rows.values().forEach((userId) -> assertThat(assertLedgerExact(userId)).isEqualTo(100));
	}

	private void awaitDecided(List<Response> answers) {
		List<String> queued = answers.stream()
			.filter((answer) -> answer.status() == 202)
			.map((answer) -> answer.json().get("requestId").asString())
			.toList();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> queued.stream().noneMatch((requestId) -> requestStatus(requestId).equals("PENDING")));
	}

}
