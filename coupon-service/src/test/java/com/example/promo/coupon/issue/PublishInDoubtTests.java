package com.example.promo.coupon.issue;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.coupon.support.ForkedKafkaBroker;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A publish that times out is in doubt, not failed (issue 8): 300 v3 requests at a
 * 100-unit coupon while the broker, a JVM of its own, is frozen for 8 s mid-burst
 * ({@code SIGSTOP}, then {@code SIGCONT}). Every caller must end up told what the
 * database holds: no caller refused (409, 503) holds a coupon, every 202 ends ISSUED or
 * REJECTED, the ISSUED ones are exactly the coupons, and the coupon still sells out to
 * exactly its units afterwards (no admission stranded at the gate).
 */
class PublishInDoubtTests extends IntegrationTestSupport {

	private static final int UNITS = 100;

	private static final int USERS = 300;

	private static final ForkedKafkaBroker broker = ForkedKafkaBroker.start();

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void forkedBroker(DynamicPropertyRegistry registry) {
		registry.add("spring.kafka.bootstrap-servers", broker::address);
		registry.add("spring.kafka.producer.bootstrap-servers", broker::address);
		registry.add("spring.kafka.consumer.bootstrap-servers", broker::address);
		// Decide what never arrived soon after the producer's 5 s delivery timeout.
		registry.add("promo.issuing.in-doubt-grace", () -> "8s");
		registry.add("promo.issuing.in-doubt-check-ms", () -> "500");
	}

	@AfterAll
	static void stopBroker() {
		broker.close();
	}

	@Test
	void aBrokerFrozenMidBurstLeavesEveryCallerToldWhatTheDatabaseHolds() throws Exception {
		warmUp();
		long couponId = createCoupon(UNITS, 1);
		String prefix = "frozen-" + couponId + "-";
		AtomicInteger answered = new AtomicInteger();
		double inDoubtBefore = inDoubt();
		ScheduledExecutorService thaw = Executors.newSingleThreadScheduledExecutor();

		CountDownLatch frozen = new CountDownLatch(1);
		List<Response> responses;
		try {
			// 60 users press; once 20 have their answer the broker freezes, and only then
			// the
			// other 240 press, so their publishes meet a broker that acknowledges
			// nothing.
			responses = IssuingContract.burst(USERS, (i) -> {
				if (i >= 60) {
					IssuingContract.awaitQuietly(frozen);
				}
				Response response = call("POST", "/api/coupons/" + couponId + "/issue?strategy=v3", prefix + i, null);
				if (answered.incrementAndGet() == 20) {
					broker.freeze();
					thaw.schedule(broker::thaw, 8, TimeUnit.SECONDS);
					frozen.countDown();
				}
				return response;
			});
		}
		finally {
			thaw.shutdown();
			assertThat(thaw.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}

		Map<String, String> accepted = new HashMap<>();
		Set<String> refused = new HashSet<>();
		for (int i = 0; i < USERS; i++) {
			Response response = responses.get(i);
			if (response.status() == 202) {
				accepted.put(response.json().get("requestId").asString(), prefix + i);
			}
			else {
				assertThat(response.status()).as(response.body()).isIn(409, 503);
				assertThat(response.code()).isIn("COUPON_SOLD_OUT", "ISSUE_QUEUE_UNAVAILABLE");
				refused.add(prefix + i);
			}
		}
		assertThat(inDoubt() - inDoubtBefore).as("publishes in flight when the broker froze").isPositive();

		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> accepted.keySet()
				.stream()
				.allMatch((requestId) -> !"PENDING".equals(requestStatus(requestId))));
		Set<String> toldIssued = new HashSet<>();
		accepted.forEach((requestId, userId) -> {
			Response poll = call("GET", "/api/coupons/requests/" + requestId, userId, null);
			assertThat(poll.json().get("status").asString()).isIn("ISSUED", "REJECTED");
			if ("ISSUED".equals(poll.json().get("status").asString())) {
				toldIssued.add(userId);
			}
		});
		Set<String> holders = new HashSet<>(this.jdbc
			.queryForList("select user_id from issued_coupon where coupon_id = ?", String.class, couponId));
		assertThat(holders).as("told = DB").isEqualTo(toldIssued);
		assertThat(holders).as("no refused caller holds a coupon").doesNotContainAnyElementsOf(refused);
		assertThat(issuedQuantity(couponId)).isEqualTo(holders.size()).isLessThanOrEqualTo(UNITS);

		List<Response> drain = IssuingContract.burst(UNITS, (i) -> call("POST",
				"/api/coupons/" + couponId + "/issue?strategy=v2", "after-thaw-" + couponId + "-" + i, null));
		assertThat(drain).allSatisfy((response) -> assertThat(response.status()).as(response.body()).isIn(201, 409));
		assertThat(issuedQuantity(couponId)).as("sold out to exactly its units").isEqualTo(UNITS);
		assertThat(issuedRows(couponId)).isEqualTo(UNITS);
		assertThat(duplicatePairs(couponId)).isZero();
	}

	/** A sale runs on a warm producer: topic metadata known, connections open. */
	private void warmUp() {
		long warmCoupon = createCoupon(1, 1);
		Response warm = call("POST", "/api/coupons/" + warmCoupon + "/issue?strategy=v3", "warm-" + warmCoupon, null);
		assertThat(warm.status()).as(warm.body()).isEqualTo(202);
		String requestId = warm.json().get("requestId").asString();
		await().atMost(Duration.ofSeconds(30)).until(() -> "ISSUED".equals(requestStatus(requestId)));
	}

	private double inDoubt() {
		return this.meters.counter("promo.issue.in.doubt", "resource", "coupon").count();
	}

}
