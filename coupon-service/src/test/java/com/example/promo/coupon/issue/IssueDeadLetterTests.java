package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * v3 requests always end (issue 8): a record the database keeps refusing is dead-lettered
 * alone, its request reads REJECTED PROCESSING_FAILED and its admission is back at the
 * gate, while its batch-mates are issued; a database that fails for a while is waited
 * out; an admin lists and replays the dead letter, which issues once however often it is
 * replayed. The failures are real: MariaDB triggers refuse the inserts, as a constraint
 * would (SQLSTATE 23000, never going away) or as a restarting server would (40001).
 */
class IssueDeadLetterTests extends IntegrationTestSupport {

	@Autowired
	private Issuing<CouponIssueRequested, BatchIssueWriter.Written> issuing;

	@AfterEach
	void dropFaults() {
		this.jdbc.execute("drop trigger if exists test_poisoned_issue");
		this.jdbc.execute("drop trigger if exists test_issue_outage");
		this.jdbc.execute("drop table if exists test_outage");
	}

	@Test
	void aPoisonedRequestIsDeadLetteredAloneAndItsReplayIssuesOnce() {
		long couponId = createCoupon(10, 1);
		String poisoned = "poison-" + couponId;
		this.jdbc.execute("""
				create trigger test_poisoned_issue before insert on issued_coupon for each row
				if new.user_id like 'poison-%' then
				  signal sqlstate '23000' set message_text = 'poisoned issue request';
				end if""");

		List<String> users = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			users.add((i == 4) ? poisoned : "mate-" + couponId + "-" + i);
		}
		List<String> requestIds = inOneBatch(() -> users.stream().map((user) -> issueV3(couponId, user)).toList());
		String poisonedRequest = requestIds.get(4);
		requestIds.forEach(this::awaitDecided);

		JsonNode rejected = call("GET", "/api/coupons/requests/" + poisonedRequest, poisoned, null).json();
		assertThat(rejected.get("status").asString()).isEqualTo("REJECTED");
		assertThat(rejected.get("reason").asString()).isEqualTo("PROCESSING_FAILED");
		assertThat(requestIds).filteredOn((id) -> !id.equals(poisonedRequest))
			.allSatisfy((id) -> assertThat(requestStatus(id)).isEqualTo("ISSUED"));
		assertThat(issuedRows(couponId)).isEqualTo(7);
		assertThat(gateStock(couponId)).as("the poisoned request's unit is back at the gate").isEqualTo(3);
		assertThat(this.redisson.getMap("coupon:{" + couponId + "}:holders", StringCodec.INSTANCE).get(poisoned))
			.isNull();

		Response asUser = call("GET", "/api/coupons/admin/dead-letters", "mate", null);
		assertThat(asUser.status()).isEqualTo(403);
		JsonNode letter = deadLetterOf(poisonedRequest);
		assertThat(letter.get("topic").asString()).isEqualTo(CouponIssueRequested.TOPIC);
		assertThat(letter.get("status").asString()).isEqualTo("NEW");
		assertThat(letter.get("error").asString()).contains("poisoned issue request");

		this.jdbc.execute("drop trigger test_poisoned_issue");
		String replay = "/api/coupons/admin/dead-letters/" + letter.get("id").asLong() + "/replay";
		Response first = call("POST", replay, "admin", null);
		Response second = call("POST", replay, "admin", null);

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().get("status").asString()).isEqualTo("REPLAYED");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().get("replayedAt")).isEqualTo(first.json().get("replayedAt"));
		await().atMost(Duration.ofSeconds(30)).until(() -> "ISSUED".equals(requestStatus(poisonedRequest)));
		// A request queued after the replays is written after them (same partition):
		// once it is, no second copy of the replay is still on its way.
		awaitDecided(issueV3(couponId, "after-replay-" + couponId));
		assertThat(this.jdbc.queryForObject("select count(*) from issued_coupon where coupon_id = ? and user_id = ?",
				Integer.class, couponId, poisoned))
			.isEqualTo(1);
		assertThat(issuedRows(couponId)).isEqualTo(9);
		assertThat(issuedQuantity(couponId)).isEqualTo(9);
		assertThat(call("POST", "/api/coupons/admin/dead-letters/987654321/replay", "admin", null).code())
			.isEqualTo("DEAD_LETTER_NOT_FOUND");
	}

	@Test
	void aDatabaseFailingForSecondsIsWaitedOutNotDeadLettered() {
		long couponId = createCoupon(10, 1);
		this.jdbc.execute("create table test_outage (id int primary key)");
		this.jdbc.update("insert into test_outage values (1)");
		this.jdbc.execute("""
				create trigger test_issue_outage before insert on issued_coupon for each row
				if new.user_id like 'outage-%' and exists (select 1 from test_outage) then
				  signal sqlstate '40001' set message_text = 'database restarting';
				end if""");
		long deadLettersBefore = this.jdbc.queryForObject("select count(*) from dead_letter", Long.class);

		String requestId = issueV3(couponId, "outage-" + couponId);
		// Still retried, not dead-lettered, for 3 s of outage (its non-transient budget
		// is 300 ms).
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> "PENDING".equals(requestStatus(requestId)));
		this.jdbc.update("delete from test_outage");

		await().atMost(Duration.ofSeconds(60)).until(() -> "ISSUED".equals(requestStatus(requestId)));
		assertThat(this.jdbc.queryForObject("select count(*) from dead_letter", Long.class))
			.isEqualTo(deadLettersBefore);
	}

	/** Queues while the consumer is paused, so the records arrive in one poll. */
	private <T> T inOneBatch(java.util.function.Supplier<T> sends) {
		MessageListenerContainer container = this.issuing.consumer();
		container.pause();
		try {
			await().atMost(Duration.ofSeconds(10)).until(container::isContainerPaused);
			return sends.get();
		}
		finally {
			container.resume();
		}
	}

	private String issueV3(long couponId, String userId) {
		Response accepted = call("POST", "/api/coupons/" + couponId + "/issue?strategy=v3", userId, null);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		return accepted.json().get("requestId").asString();
	}

	private void awaitDecided(String requestId) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !"PENDING".equals(requestStatus(requestId)));
	}

	private int gateStock(long couponId) {
		return Integer
			.parseInt(this.redisson.<String, String>getMap("coupon:{" + couponId + "}:gate", StringCodec.INSTANCE)
				.get("stock"));
	}

	private JsonNode deadLetterOf(String requestId) {
		return await().atMost(Duration.ofSeconds(10)).until(() -> {
			JsonNode page = call("GET", "/api/coupons/admin/dead-letters?status=NEW&size=100", "admin", null).json();
			for (JsonNode letter : page.get("content")) {
				if (letter.get("payload").asString().contains(requestId)) {
					return letter;
				}
			}
			return null;
		}, Objects::nonNull);
	}

}
