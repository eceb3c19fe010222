package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RMap;
import org.redisson.client.codec.StringCodec;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The stampede: many real HTTP clients at once against the real MariaDB, Redis and Kafka,
 * then the database is asserted, not only the responses.
 */
class CouponIssueConcurrencyTests extends IntegrationTestSupport {

	private static final int UNITS = 100;

	private static final int USERS = 300;

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	void issuesExactlyTheUnitsToDistinctUsersAtOnce(IssueStrategy strategy) throws Exception {
		long couponId = createCoupon(UNITS, 1);
		String prefix = "burst-" + strategy + "-" + couponId + "-";

		List<Response> responses = burst(USERS,
				(i) -> call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategy, prefix + i, null));

		assertThat(responses)
			.allSatisfy((response) -> assertThat(response.header("X-Strategy")).isEqualTo(strategy.toString()));
		assertOnlyExpectedStatuses(responses);
		assertDatabaseAgreesWith(couponId, awaitOutcomes(couponId, responses));
	}

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	void issuesOneUnitToOneUserHammeringTwentyTimes(IssueStrategy strategy) throws Exception {
		long couponId = createCoupon(UNITS, 1);
		String userId = "hammer-" + strategy + "-" + couponId;

		List<Response> responses = burst(20,
				(i) -> call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategy, userId, null));

		awaitOutcomes(couponId, responses);
		assertThat(issuedRows(couponId)).isEqualTo(1);
		assertThat(issuedQuantity(couponId)).isEqualTo(1);
		assertThat(responses).filteredOn((response) -> response.status() >= 400)
			.allSatisfy((response) -> assertThat(response.code()).isEqualTo("ALREADY_ISSUED"));
		if (strategy != IssueStrategy.V3) {
			assertThat(responses).filteredOn((response) -> response.status() == 201).hasSize(1);
		}
	}

	/**
	 * One user presses twenty times at once with one Idempotency-Key on a coupon that
	 * allows two per user: one unit is issued, every 201 is that coupon (v2) or every 202
	 * the one request (v3), a repeat still in flight may be refused, and the gate holds
	 * exactly what was issued: the repeats took nothing (v3 reserves the request id
	 * before admission) or gave back what they took (v2).
	 */
	@ParameterizedTest
	@EnumSource(value = IssueStrategy.class, names = { "V2", "V3" })
	void oneIdempotencyKeyPressedTwentyTimesAtOnceIssuesOnce(IssueStrategy strategy) throws Exception {
		long couponId = createCoupon(UNITS, 2);
		String userId = "same-key-" + strategy + "-" + couponId;

		List<Response> responses = burst(20,
				(i) -> call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategy, userId, null,
						"Idempotency-Key", "press-" + couponId));

		assertOnlyExpectedStatuses(responses);
		int success = (strategy == IssueStrategy.V2) ? 201 : 202;
		String field = (strategy == IssueStrategy.V2) ? "id" : "requestId";
		List<String> answers = responses.stream()
			.filter((response) -> response.status() == success)
			.map((response) -> response.json().get(field).asString())
			.toList();
		assertThat(answers).isNotEmpty().containsOnly(answers.get(0));
		awaitOutcomes(couponId, responses);
		assertThat(issuedRows(couponId)).isEqualTo(1);
		assertThat(issuedQuantity(couponId)).isEqualTo(1);
		RMap<String, String> users = this.redisson.getMap("coupon:{" + couponId + "}:holders", StringCodec.INSTANCE);
		assertThat(users.get(userId)).isEqualTo("1");
		assertThat(users.remainTimeToLive()).as("the per-user hash expires with the gate").isPositive();
		assertThat(this.redisson.<String, String>getMap("coupon:{" + couponId + "}:gate", StringCodec.INSTANCE)
			.get("stock")).isEqualTo(Integer.toString(UNITS - 1));
	}

	@Test
	void mixedStrategiesOnOneCouponStillIssueExactlyTheUnits() throws Exception {
		long couponId = createCoupon(UNITS, 1);
		IssueStrategy[] strategies = IssueStrategy.values();

		List<Response> responses = burst(USERS,
				(i) -> call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategies[i % 3],
						"mixed-" + couponId + "-" + i, null));

		assertOnlyExpectedStatuses(responses);
		assertDatabaseAgreesWith(couponId, awaitOutcomes(couponId, responses));
	}

	/**
	 * The first half of the users press at once; when 40 of them have their answer (the
	 * rest still in flight), Redis is flushed, and only then the second half presses, so
	 * the gate must be rebuilt from the database in the middle of the burst.
	 */
	@ParameterizedTest
	@EnumSource(value = IssueStrategy.class, names = { "V2", "V3" })
	void redisFlushedInTheMiddleOfABurstStillIssuesExactlyTheUnits(IssueStrategy strategy) throws Exception {
		long couponId = createCoupon(UNITS, 1);
		String epochBefore = gateEpoch(couponId);
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger answeredWhenFlushed = new AtomicInteger(-1);
		CountDownLatch flushed = new CountDownLatch(1);

		List<Response> responses = burst(USERS, (i) -> {
			if (i >= USERS / 2) {
				awaitQuietly(flushed);
			}
			Response response = call("POST", "/api/coupons/" + couponId + "/issue?strategy=" + strategy,
					"flush-" + strategy + "-" + couponId + "-" + i, null);
			if (answered.incrementAndGet() == 40) {
				this.redisson.getKeys().flushdb();
				answeredWhenFlushed.set(answered.get());
				flushed.countDown();
			}
			return response;
		});

		assertThat(epochBefore).isNotNull();
		assertThat(answeredWhenFlushed.get()).as("answers when Redis was flushed").isBetween(40, USERS / 2);
		assertThat(gateEpoch(couponId)).as("gate rebuilt after the flush").isNotNull().isNotEqualTo(epochBefore);
		assertOnlyExpectedStatuses(responses);
		assertDatabaseAgreesWith(couponId, awaitOutcomes(couponId, responses));
	}

	private String gateEpoch(long couponId) {
		return this.redisson.<String, String>getMap("coupon:{" + couponId + "}:gate", StringCodec.INSTANCE)
			.get("epoch");
	}

	private static void assertOnlyExpectedStatuses(List<Response> responses) {
		assertThat(responses).allSatisfy((response) -> {
			if (response.status() >= 400) {
				assertThat(response.status()).as(response.body()).isEqualTo(409);
				assertThat(response.code()).isIn("COUPON_SOLD_OUT", "ALREADY_ISSUED");
			}
			else {
				assertThat(response.status()).as(response.body()).isIn(201, 202);
			}
		});
	}

	/**
	 * What callers were finally told: the user of each 201, plus, for each 202, the user
	 * whose queued request the database turned into a coupon. Waits for the queue to
	 * drain.
	 */
	private Set<String> awaitOutcomes(long couponId, List<Response> responses) {
		Set<String> issuedUsers = new HashSet<>();
		Set<String> queued = new HashSet<>();
		for (Response response : responses) {
			if (response.status() == 201) {
				issuedUsers.add(response.json().get("userId").asString());
			}
			else if (response.status() == 202) {
				queued.add(response.json().get("requestId").asString());
			}
		}
		if (!queued.isEmpty()) {
			// issue_request also records v2's outcomes: look at the queued requests only
			Supplier<Map<String, String>> queuedOutcomes = () -> this.jdbc
				.queryForList("select request_id, status, user_id from issue_request where coupon_id = ?", couponId)
				.stream()
				.filter((row) -> queued.contains((String) row.get("request_id")))
				.collect(Collectors.toMap((row) -> (String) row.get("request_id"),
						(row) -> row.get("status") + ":" + row.get("user_id")));
			await().atMost(Duration.ofSeconds(60)).until(() -> queuedOutcomes.get().size() == queued.size());
			Map<String, String> outcomes = queuedOutcomes.get();
			assertThat(outcomes.keySet()).containsExactlyInAnyOrderElementsOf(queued);
			outcomes.values()
				.stream()
				.filter((outcome) -> outcome.startsWith("ISSUED:"))
				.forEach((outcome) -> issuedUsers.add(outcome.substring("ISSUED:".length())));
		}
		return issuedUsers;
	}

	private void assertDatabaseAgreesWith(long couponId, Set<String> issuedUsers) {
		assertThat(issuedUsers).hasSize(UNITS);
		assertThat(issuedRows(couponId)).isEqualTo(UNITS);
		assertThat(issuedQuantity(couponId)).isEqualTo(UNITS);
		assertThat(duplicatePairs(couponId)).isZero();
		Set<String> usersInDatabase = new HashSet<>(this.jdbc
			.queryForList("select user_id from issued_coupon where coupon_id = ?", String.class, couponId));
		assertThat(usersInDatabase).isEqualTo(issuedUsers);
	}

}
