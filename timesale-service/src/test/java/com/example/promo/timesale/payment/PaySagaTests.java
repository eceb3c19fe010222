package com.example.promo.timesale.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.http.Fault;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pay saga against WireMock standing in for coupon-service and point-service
 * (DESIGN.md §4.3 "Pay saga"): the buyer's token on the steps, the service's on the
 * compensations, refusals passed through, dependencies down answered 503 with nothing
 * taken, owed compensations retried by the job, the lease against concurrent pays, and
 * the Idempotency-Key.
 */
class PaySagaTests extends PaymentFixtures {

	@Test
	void couponAndPointsPayTheOrderAndPublishTheConfirmedEvent() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 2);
		long coupon = newCouponId();
		stubRedeem(coupon, 3_000);
		stubUse(Long.toString(orderId));
		String token = token(user);
		double paidBefore = counted("promo.timesale.payments", "paid");

		Response paid = pay(orderId, token, "{\"issuedCouponId\":" + coupon + ",\"points\":5000}");

		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		JsonNode order = paid.json();
		assertThat(order.get("orderId").asLong()).isEqualTo(orderId);
		assertThat(order.get("status").asString()).isEqualTo("PAID");
		assertThat(order.get("totalAmount").asLong()).isEqualTo(20_000);
		assertThat(order.get("couponDiscount").asLong()).isEqualTo(3_000);
		assertThat(order.get("pointsUsed").asLong()).isEqualTo(5_000);
		assertThat(order.get("paidAmount").asLong()).isEqualTo(12_000);
		assertThat(order.get("paidAt").isNull()).isFalse();
		assertThat(counted("promo.timesale.payments", "paid")).isEqualTo(paidBefore + 1);
		// Both steps went as the buyer, with the order id as the callees' orderId.
		assertThat(redeems(coupon)).singleElement().satisfies((redeem) -> {
			assertThat(redeem.getHeader("Authorization")).isEqualTo("Bearer " + token);
			assertThat(body(redeem).get("orderId").asString()).isEqualTo(Long.toString(orderId));
			assertThat(body(redeem).get("orderAmount").asLong()).isEqualTo(20_000);
		});
		assertThat(uses(Long.toString(orderId))).singleElement().satisfies((use) -> {
			assertThat(use.getHeader("Authorization")).isEqualTo("Bearer " + token);
			assertThat(body(use).get("amount").asLong()).isEqualTo(5_000);
		});
		assertThat(cancelRedemptions(coupon)).isEmpty();
		Map<String, Object> row = orderRow(orderId);
		assertThat(row.get("pay_lease_until")).isNull();
		assertThat(row.get("payment_ref")).isEqualTo(Long.toString(orderId));
		assertThat(row.get("issued_coupon_id")).isEqualTo(coupon);
		assertThat(attempts(orderId)).singleElement().satisfies((a) -> assertThat(a.get("state")).isEqualTo("PAID"));
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 2);

		List<ConsumerRecord<String, String>> records = recordsOf(OrderConfirmed.TOPIC, orderId, 1,
				Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		ConsumerRecord<String, String> record = records.get(0);
		assertThat(record.key()).isEqualTo(user);
		assertThat(record.headers().lastHeader("__TypeId__")).isNull();
		JsonNode event = this.json.readTree(record.value());
		assertThat(event.propertyNames()).containsExactlyInAnyOrder("eventId", "occurredAt", "orderId", "userId",
				"saleId", "productId", "quantity", "totalAmount", "couponDiscount", "pointsUsed", "paidAmount");
		assertThat(event.get("eventId").asString()).isEqualTo(row.get("confirmed_event_id"));
		assertThat(event.get("orderId").isString()).as("point-service reads orderId as a string").isTrue();
		assertThat(event.get("userId").asString()).isEqualTo(user);
		assertThat(event.get("saleId").asLong()).isEqualTo(saleId);
		assertThat(event.get("quantity").asInt()).isEqualTo(2);
		assertThat(event.get("totalAmount").asLong()).isEqualTo(20_000);
		assertThat(event.get("couponDiscount").asLong()).isEqualTo(3_000);
		assertThat(event.get("pointsUsed").asLong()).isEqualTo(5_000);
		assertThat(event.get("paidAmount").asLong()).isEqualTo(12_000);
		// As point-service's listener reads it (JSON, no type headers, default type).
		PointServiceOrderConfirmed read = this.json.readValue(record.value(), PointServiceOrderConfirmed.class);
		assertThat(read.orderId()).isEqualTo(Long.toString(orderId));
		assertThat(read.occurredAt()).isNotNull();
		assertThat(read.paidAmount()).isEqualTo(12_000L);
	}

	@Test
	void withoutCouponOrPointsTheFullAmountIsPaidAndNoCalleeIsCalled() {
		long saleId = liveSaleRow(7_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		int before = allRequests();

		Response paid = pay(orderId, token(user), "{}");

		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		assertThat(paid.json().get("couponDiscount").asLong()).isZero();
		assertThat(paid.json().get("pointsUsed").asLong()).isZero();
		assertThat(paid.json().get("paidAmount").asLong()).isEqualTo(7_000);
		assertThat(allRequests()).isEqualTo(before);
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 1);

		Response noBody = pay(heldOrder(saleId, user, 1), token(user), null);
		assertThat(noBody.status()).as(noBody.body()).isEqualTo(200);
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 2);
	}

	@Test
	void aPointsRefusalPassesThroughAndTheCouponIsGivenBackWithTheServiceToken() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		long coupon = newCouponId();
		stubRedeem(coupon, 1_000);
		stubUseRefused(Long.toString(orderId), 409, "INSUFFICIENT_POINTS");
		double refusedBefore = counted("promo.timesale.payments", "refused");
		double undoneBefore = counted("promo.timesale.compensations", "acknowledged");

		Response refused = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":2000}");

		assertThat(refused.status()).as(refused.body()).isEqualTo(409);
		assertThat(refused.code()).isEqualTo("INSUFFICIENT_POINTS");
		assertThat(counted("promo.timesale.payments", "refused")).isEqualTo(refusedBefore + 1);
		assertThat(counted("promo.timesale.compensations", "acknowledged")).isGreaterThanOrEqualTo(undoneBefore + 1);
		assertThat(cancelRedemptions(coupon)).singleElement().satisfies((cancel) -> {
			assertThat(subjectOf(cancel)).isEqualTo("timesale-service");
			assertThat(body(cancel).get("orderId").asString()).isEqualTo(Long.toString(orderId));
		});
		assertThat(useCancels(Long.toString(orderId))).as("a refused use took nothing").isEmpty();
		assertThat(orderStatus(orderId)).isEqualTo("HELD");
		assertThat(payLease(orderId)).isNull();
		assertThat(attempts(orderId)).singleElement()
			.satisfies((a) -> assertThat(a).containsEntry("state", "COMPENSATED")
				.containsEntry("failure_code", "INSUFFICIENT_POINTS"));
		assertThat(assertStockExact(saleId, 0)).containsExactly(1, 0);

		// The next attempt is a new orderId for the callees (the first one may be
		// tombstoned).
		stubUse(orderId + "-2");
		Response paid = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":2000}");
		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		assertThat(body(redeems(coupon).get(1)).get("orderId").asString()).isEqualTo(orderId + "-2");
		assertThat(orderRow(orderId)).containsEntry("payment_ref", orderId + "-2");
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 1);
	}

	@Test
	void aCouponRefusalPassesThroughAndPointsAreNeverCalled() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		for (String code : List.of("COUPON_ALREADY_USED", "COUPON_EXPIRED", "MIN_ORDER_AMOUNT_NOT_MET")) {
			long orderId = heldOrder(saleId, user, 1);
			long coupon = newCouponId();
			stubRedeemRefused(coupon, 409, code);

			Response refused = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":100}");

			assertThat(refused.status()).as(refused.body()).isEqualTo(409);
			assertThat(refused.code()).isEqualTo(code);
			assertThat(uses(Long.toString(orderId))).isEmpty();
			assertThat(cancelRedemptions(coupon)).as("a refused redemption took nothing").isEmpty();
			assertThat(orderStatus(orderId)).isEqualTo("HELD");
			assertThat(payLease(orderId)).isNull();
			assertThat(attempts(orderId)).singleElement()
				.satisfies((a) -> assertThat(a.get("state")).isEqualTo("FAILED"));
		}
		long orderId = heldOrder(saleId, user, 1);
		long unknown = newCouponId();
		stubRedeemRefused(unknown, 404, "ISSUED_COUPON_NOT_FOUND");
		Response notFound = pay(orderId, token(user), "{\"issuedCouponId\":" + unknown + "}");
		assertThat(notFound.status()).as(notFound.body()).isEqualTo(409);
		assertThat(notFound.code()).isEqualTo("ISSUED_COUPON_NOT_FOUND");
		assertThat(assertStockExact(saleId, 0)).containsExactly(4, 0);
	}

	@Test
	void pointsAboveWhatIsDueAfterTheCouponAre400AndTheCouponIsGivenBack() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		long coupon = newCouponId();
		stubRedeem(coupon, 4_000);

		Response tooMany = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":6001}");

		assertValidationFailed(tooMany, "points");
		assertThat(cancelRedemptions(coupon)).hasSize(1);
		assertThat(uses(Long.toString(orderId))).isEmpty();
		assertThat(orderStatus(orderId)).isEqualTo("HELD");
		assertThat(payLease(orderId)).isNull();

		int before = allRequests();
		Response aboveTotal = pay(orderId, token(user), "{\"points\":10001}");
		assertValidationFailed(aboveTotal, "points");
		assertThat(allRequests()).as("refused before any call").isEqualTo(before);
		assertThat(payLease(orderId)).isNull();
		assertThat(assertStockExact(saleId, 0)).containsExactly(1, 0);
	}

	@Test
	void couponServiceFailingIs503WithNothingTaken() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		Map<String, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder> failures = Map.of("500",
				problem(500, "INTERNAL"), "reset", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), "timeout",
				aResponse().withFixedDelay(2_500).withStatus(200));
		for (var failure : failures.entrySet()) {
			this.breakers.circuitBreaker("couponService").reset();
			long orderId = heldOrder(saleId, user, 1);
			long coupon = newCouponId();
			stubDown("/api/coupons/issued/" + coupon + "/redeem", failure.getValue());

			Response down = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":100}");

			assertThat(down.status()).as(failure.getKey() + ": " + down.body()).isEqualTo(503);
			assertThat(down.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
			assertThat(redeems(coupon)).as("retried: redeem is idempotent per orderId").hasSize(3);
			assertThat(uses(Long.toString(orderId))).isEmpty();
			// It may have been redeemed: undone, acknowledged.
			assertThat(cancelRedemptions(coupon)).hasSize(1);
			assertThat(orderStatus(orderId)).isEqualTo("HELD");
			assertThat(payLease(orderId)).isNull();
			assertThat(attempts(orderId)).singleElement()
				.satisfies((a) -> assertThat(a.get("state")).isEqualTo("COMPENSATED"));
		}
		assertThat(assertStockExact(saleId, 0)).containsExactly(3, 0);
	}

	@Test
	void pointServiceDownUndoesTheCouponAndThePossibleUse() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		long coupon = newCouponId();
		stubRedeem(coupon, 1_000);
		stubDown("/api/points/use", problem(503, "UNAVAILABLE"));

		Response down = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":100}");

		assertThat(down.status()).as(down.body()).isEqualTo(503);
		assertThat(down.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
		assertThat(cancelRedemptions(coupon)).hasSize(1);
		assertThat(useCancels(Long.toString(orderId))).singleElement().satisfies((cancel) -> {
			assertThat(subjectOf(cancel)).isEqualTo("timesale-service");
			assertThat(body(cancel).get("userId").asString()).isEqualTo(user);
		});
		assertThat(orderStatus(orderId)).isEqualTo("HELD");
		assertThat(payLease(orderId)).isNull();
	}

	@Test
	void theCircuitBreakerOpensAfterRepeatedFailuresAndThenAnswersWithoutCalling() {
		long saleId = liveSaleRow(1_000, 20, 10, 600);
		String user = newUser();
		long coupon = newCouponId();
		stubDown("/api/coupons/issued/" + coupon + "/redeem", problem(500, "INTERNAL"));
		CircuitBreaker breaker = this.breakers.circuitBreaker("couponService");
		for (int i = 0; i < 3 && breaker.getState() != CircuitBreaker.State.OPEN; i++) {
			Response down = pay(heldOrder(saleId, user, 1), token(user), "{\"issuedCouponId\":" + coupon + "}");
			assertThat(down.status()).as(down.body()).isEqualTo(503);
		}
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int redeemsBefore = redeems(coupon).size();

		long orderId = heldOrder(saleId, user, 1);
		Response open = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + "}");

		assertThat(open.status()).as(open.body()).isEqualTo(503);
		assertThat(open.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
		assertThat(redeems(coupon)).as("not called while open").hasSize(redeemsBefore);
		assertThat(orderStatus(orderId)).isEqualTo("HELD");
		// The undo owed meanwhile is retried by the job once the breaker lets calls
		// through.
		breaker.reset();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(
					() -> assertThat(
							this.jdbc.queryForObject(
									"SELECT COUNT(*) FROM payment_attempt a JOIN sale_order o ON o.id = a.order_id"
											+ " WHERE o.sale_id = ? AND a.state <> 'COMPENSATED'",
									Integer.class, saleId))
						.isZero());
		assertThat(assertStockExact(saleId, 0)[0]).isEqualTo(this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM sale_order WHERE sale_id = ? AND pay_lease_until IS NULL", Long.class, saleId));
	}

	@Test
	void aFailingCompensationIsRecordedAndRetriedUntilAcknowledgedMeanwhileANewPayIsInProgress() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		long coupon = newCouponId();
		callees.stop();
		try {
			Response down = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":500}");
			assertThat(down.status()).as(down.body()).isEqualTo(503);
			assertThat(down.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
			assertThat(attempts(orderId)).singleElement()
				.satisfies((a) -> assertThat(a).containsEntry("state", "COMPENSATING")
					.containsEntry("coupon_pending", true)
					.containsEntry("points_pending", false));
			assertThat(orderStatus(orderId)).isEqualTo("HELD");
			assertThat(payLease(orderId)).as("kept while the undo is owed").isNotNull();
			assertThat(this.meters.get("promo.timesale.compensations.pending").gauge().value())
				.isGreaterThanOrEqualTo(1);

			Response meanwhile = pay(orderId, token(user), "{}");
			assertThat(meanwhile.status()).as(meanwhile.body()).isEqualTo(409);
			assertThat(meanwhile.code()).isEqualTo("PAYMENT_IN_PROGRESS");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> (Integer) attempts(orderId).get(0).get("compensation_tries") >= 2);
		}
		finally {
			callees.start();
		}
		freshCallees();

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(attempts(orderId).get(0).get("state")).isEqualTo("COMPENSATED"));
		assertThat(cancelRedemptions(coupon)).singleElement()
			.satisfies((cancel) -> assertThat(subjectOf(cancel)).isEqualTo("timesale-service"));
		assertThat(payLease(orderId)).isNull();

		stubRedeem(coupon, 1_000);
		stubUse(orderId + "-2");
		Response paid = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":500}");
		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		assertThat(paid.json().get("paidAmount").asLong()).isEqualTo(8_500);
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 1);
	}

	@Test
	void aSagaThatDiedMidwayIsCompensatedByTheJob() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		long coupon = newCouponId();
		// The process died after logging the attempt (and maybe redeeming): STARTED,
		// lease run out.
		this.jdbc.update("UPDATE sale_order SET pay_lease_until = ? WHERE id = ?",
				Instant.now().minusSeconds(60).atOffset(java.time.ZoneOffset.UTC).toLocalDateTime(), orderId);
		this.jdbc.update("""
				INSERT INTO payment_attempt (order_id, attempt, user_id, payment_ref, issued_coupon_id, points, state,
				                             request_fingerprint, started_at, updated_at)
				VALUES (?, 1, ?, ?, ?, 300, 'STARTED', 'x', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE, UTC_TIMESTAMP(6))""",
				orderId, user, Long.toString(orderId), coupon);

		Response meanwhile = pay(orderId, token(user), "{}");
		assertThat(meanwhile.code()).isEqualTo("PAYMENT_IN_PROGRESS");

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(attempts(orderId).get(0).get("state")).isEqualTo("COMPENSATED"));
		assertThat(cancelRedemptions(coupon)).hasSize(1);
		assertThat(useCancels(Long.toString(orderId))).hasSize(1);
		assertThat(payLease(orderId)).isNull();
		assertThat(pay(orderId, token(user), "{}").status()).isEqualTo(200);
	}

	@Test
	void concurrentPaysOfOneOrderRunOneSaga() throws Exception {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 2);
		callees.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.post(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/api/points/use"))
			.willReturn(aResponse().withStatus(201)
				.withFixedDelay(300)
				.withHeader("Content-Type", "application/json")
				.withBody("{}")));
		String token = token(user);
		int threads = 10;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		List<Future<Response>> answers = new ArrayList<>();
		for (int i = 0; i < threads; i++) {
			Callable<Response> call = () -> {
				start.await();
				return pay(orderId, token, "{\"points\":1000}");
			};
			answers.add(pool.submit(call));
		}
		start.countDown();
		List<Response> responses = new ArrayList<>();
		for (Future<Response> answer : answers) {
			responses.add(answer.get());
		}
		pool.shutdown();

		assertThat(responses).filteredOn((r) -> r.status() == 200).hasSize(1);
		assertThat(responses).filteredOn((r) -> r.status() == 409)
			.hasSize(threads - 1)
			.allSatisfy((r) -> assertThat(r.code()).isIn("PAYMENT_IN_PROGRESS", "ORDER_NOT_PAYABLE"));
		assertThat(uses(Long.toString(orderId))).as("one saga").hasSize(1);
		assertThat(attempts(orderId)).singleElement().satisfies((a) -> assertThat(a.get("state")).isEqualTo("PAID"));
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 2);
	}

	@Test
	void anIdempotencyKeyReplaysTheFirstPayAndRefusesAnotherBody() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		stubUse(Long.toString(orderId));
		String key = "pay-" + orderId;

		Response first = pay(orderId, token(user), "{\"points\":300}", "Idempotency-Key", key);
		Response replay = pay(orderId, token(user), "{\"points\":300}", "Idempotency-Key", key);
		Response otherBody = pay(orderId, token(user), "{\"points\":301}", "Idempotency-Key", key);
		Response noKey = pay(orderId, token(user), "{\"points\":300}");

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(replay.status()).as(replay.body()).isEqualTo(200);
		assertThat(replay.json()).isEqualTo(first.json());
		assertThat(otherBody.status()).isEqualTo(422);
		assertThat(otherBody.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
		assertThat(noKey.status()).isEqualTo(409);
		assertThat(noKey.code()).isEqualTo("ORDER_NOT_PAYABLE");
		assertThat(uses(Long.toString(orderId))).hasSize(1);
		long otherOrder = heldOrder(saleId, user, 1);
		Response otherOrderSameKey = pay(otherOrder, token(user), "{\"points\":300}", "Idempotency-Key", key);
		assertThat(otherOrderSameKey.status()).isEqualTo(422);
		assertThat(orderStatus(otherOrder)).isEqualTo("HELD");
		assertThat(assertStockExact(saleId, 0)).containsExactly(1, 1);
	}

	@Test
	void aLatePayIsHoldExpired() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1, Instant.now().minusSeconds(1));
		int before = allRequests();

		Response late = pay(orderId, token(user), "{\"points\":100}");

		assertThat(late.status()).as(late.body()).isEqualTo(409);
		assertThat(late.code()).isEqualTo("HOLD_EXPIRED");
		assertThat(allRequests()).isEqualTo(before);
		assertThat(attempts(orderId)).isEmpty();

		// After the sweep too.
		long swept = heldOrder(saleId, user, 1, Instant.now().minusSeconds(1));
		this.jdbc.update("UPDATE sale_order SET status = 'EXPIRED', expired_at = UTC_TIMESTAMP(6) WHERE id = ?", swept);
		Response afterSweep = pay(swept, token(user), "{}");
		assertThat(afterSweep.status()).isEqualTo(409);
		assertThat(afterSweep.code()).isEqualTo("HOLD_EXPIRED");
	}

	@Test
	void aLatePayExpiresTheOrderInline() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1, Instant.now().minusSeconds(1));

		assertThat(pay(orderId, token(user), "{}").code()).isEqualTo("HOLD_EXPIRED");

		assertThat(orderStatus(orderId)).isEqualTo("EXPIRED");
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 0);
	}

	@Test
	void aPaidOrCancelledOrderIsNotPayable() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		assertThat(pay(orderId, token(user), "{}").status()).isEqualTo(200);
		Response again = pay(orderId, token(user), "{}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("ORDER_NOT_PAYABLE");

		long cancelled = heldOrder(saleId, user, 1);
		this.jdbc.update("UPDATE sale_order SET status = 'CANCELLED', cancelled_at = UTC_TIMESTAMP(6) WHERE id = ?",
				cancelled);
		assertThat(pay(cancelled, token(user), "{}").code()).isEqualTo("ORDER_NOT_PAYABLE");
	}

	@Test
	void badInputIs400NamingTheFieldAndAnotherUsersOrderIs404() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		int before = allRequests();

		assertValidationFailed(pay(orderId, token(user), "{\"points\":-1}"), "points");
		assertValidationFailed(pay(orderId, token(user), "{\"points\":\"x\"}"), "points");
		assertValidationFailed(pay(orderId, token(user), "{\"points\":1.5}"), "points");
		assertValidationFailed(pay(orderId, token(user), "{\"points\":\"100\"}"), "points");
		assertValidationFailed(pay(orderId, token(user), "{\"issuedCouponId\":\"x\"}"), "issuedCouponId");
		assertValidationFailed(pay(orderId, token(user), "{\"issuedCouponId\":0}"), "issuedCouponId");
		assertValidationFailed(pay(orderId, token(user), "{}", "Idempotency-Key", "k".repeat(129)), "Idempotency-Key");
		Response notJson = pay(orderId, token(user), "not json");
		assertThat(notJson.status()).isEqualTo(400);
		assertThat(notJson.code()).isEqualTo("VALIDATION_FAILED");
		assertValidationFailed(callWithToken("POST", "/api/timesales/orders/x/pay", token(user), "{}"), "orderId");
		assertValidationFailed(callWithToken("POST", "/api/timesales/orders/x/refund", token(user), null), "orderId");

		Response notMine = pay(orderId, token(newUser()), "{}");
		assertThat(notMine.status()).isEqualTo(404);
		assertThat(notMine.code()).isEqualTo("ORDER_NOT_FOUND");
		Response unknown = pay(Long.MAX_VALUE, token(user), "{}");
		assertThat(unknown.status()).isEqualTo(404);
		Response anonymous = pay(orderId, null, "{}");
		assertThat(anonymous.status()).isEqualTo(401);

		assertThat(allRequests()).isEqualTo(before);
		assertThat(orderStatus(orderId)).isEqualTo("HELD");
		assertThat(payLease(orderId)).isNull();
		assertThat(attempts(orderId)).isEmpty();
		assertThat(assertStockExact(saleId, 0)).containsExactly(1, 0);
	}

	/**
	 * point-service's {@code reward.OrderConfirmed}, field for field: what its listener
	 * deserializes the record into.
	 */
	record PointServiceOrderConfirmed(String eventId, Instant occurredAt, String orderId, String userId, Long saleId,
			Long productId, Integer quantity, Long totalAmount, Long couponDiscount, Long pointsUsed, Long paidAmount) {
	}

}
