package com.example.promo.point.reward;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Purchase rewards through the real broker: {@code timesale.order.confirmed} earns
 * floor(paidAmount × 0.01) points once per event and once per order;
 * {@code timesale.order.refunded} takes back what remains of the reward (the spent part
 * is the REVOKE entry's shortfall); poison messages end in the dead-letter table without
 * holding up the events behind them.
 */
class PurchaseRewardTests extends IntegrationTestSupport {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	private KafkaTemplate<Object, Object> kafka;

	@Autowired
	private ProducerFactory<Object, Object> producerFactory;

	@Autowired
	private Ledger ledger;

	@Autowired
	private PurchaseRewards rewards;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private static OrderConfirmed confirmed(String eventId, String orderId, String userId, Long paidAmount) {
		return new OrderConfirmed(eventId, Instant.now(), orderId, userId, 7L, 11L, 1, paidAmount, 0L, 0L, paidAmount);
	}

	private void send(String topic, String userId, Object event) {
		this.kafka.send(topic, userId, event).join();
	}

	private void awaitEvent(String eventId) {
		await().atMost(WAIT)
			.until(() -> this.jdbc.queryForObject("select count(*) from point_reward_event where event_id = ?",
					Integer.class, eventId) == 1);
	}

	private List<Map<String, Object>> rewardLots(String orderId) {
		return this.jdbc.queryForList(
				"select id, user_id, amount, remaining, expires_at from point_lot where source = 'PURCHASE_REWARD' and source_ref = ?",
				orderId);
	}

	private long points(String eventId) {
		return this.jdbc.queryForObject("select points from point_reward_event where event_id = ?", Long.class,
				eventId);
	}

	@Test
	void aConfirmedOrderEarnsTheFlooredRateOnceHoweverOftenItIsDelivered() {
		String user = "buyer-" + UUID.randomUUID();
		String orderId = "order-" + UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();
		OrderConfirmed event = confirmed(eventId, orderId, user, 12_399L);

		send(OrderConfirmed.TOPIC, user, event);
		send(OrderConfirmed.TOPIC, user, event);
		String another = UUID.randomUUID().toString();
		send(OrderConfirmed.TOPIC, user, confirmed(another, orderId, user, 12_399L));
		awaitEvent(another);

		List<Map<String, Object>> lots = rewardLots(orderId);
		assertThat(lots).hasSize(1);
		assertThat(lots.get(0).get("amount")).isEqualTo(123L);
		assertThat(lots.get(0).get("user_id")).isEqualTo(user);
		assertThat(points(eventId)).isEqualTo(123);
		assertThat(points(another)).as("another event for the same order").isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from point_reward_event where event_id = ?", Integer.class,
				eventId))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject(
				"select concat(type, ' ', amount, ' ', order_id) from point_ledger_entry where user_id = ?",
				String.class, user))
			.isEqualTo("EARN 123 " + orderId);
		long validSeconds = this.jdbc.queryForObject(
				"select timestampdiff(second, earned_at, expires_at) from point_lot where id = ?", Long.class,
				lots.get(0).get("id"));
		assertThat(validSeconds).isBetween(365L * 86_400 - 5, 365L * 86_400);
		assertThat(assertLedgerExact(user)).isEqualTo(123);
		assertThat(call("GET", "/api/points/me", user, null).json().get("balance").asLong()).isEqualTo(123);
	}

	@Test
	void concurrentHandlersOfTheSameOrderEarnOneLot() throws Exception {
		String user = "racing-" + UUID.randomUUID();
		String orderId = "order-" + UUID.randomUUID();
		OrderConfirmed redelivered = confirmed(UUID.randomUUID().toString(), orderId, user, 5_000L);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Long>> earned = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
			for (int i = 0; i < 12; i++) {
				OrderConfirmed event = (i % 2 == 0) ? redelivered
						: confirmed(UUID.randomUUID().toString(), orderId, user, 5_000L);
				earned.add(pool.submit(() -> {
					start.await();
					return this.rewards.confirmed(event);
				}));
			}
			start.countDown();
			long total = 0;
			for (Future<Long> points : earned) {
				total += points.get();
			}
			assertThat(total).isEqualTo(50);
		}
		assertThat(rewardLots(orderId)).hasSize(1);
		assertThat(this.jdbc.queryForObject("select count(*) from point_reward_event where order_id = ?", Integer.class,
				orderId))
			.isEqualTo(7);
		assertThat(assertLedgerExact(user)).isEqualTo(50);
	}

	@Test
	void aRewardThatFloorsToZeroRecordsTheEventOnly() {
		String user = "small-" + UUID.randomUUID();
		String orderId = "order-" + UUID.randomUUID();
		String eventId = UUID.randomUUID().toString();

		send(OrderConfirmed.TOPIC, user, confirmed(eventId, orderId, user, 99L));
		awaitEvent(eventId);

		assertThat(points(eventId)).isZero();
		assertThat(rewardLots(orderId)).isEmpty();
		assertThat(assertLedgerExact(user)).isZero();
	}

	@Test
	void aRefundTakesBackWhatRemainsAndRecordsTheSpentPartAsShortfall() {
		String user = "refund-" + UUID.randomUUID();
		String orderId = "order-" + UUID.randomUUID();
		String confirmedId = UUID.randomUUID().toString();
		send(OrderConfirmed.TOPIC, user, confirmed(confirmedId, orderId, user, 100_000L));
		awaitEvent(confirmedId);
		grant(user, 50, 400);
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.ledger.spend(user, 300, "other-" + orderId, false));

		String refundedId = UUID.randomUUID().toString();
		OrderRefunded refund = new OrderRefunded(refundedId, Instant.now(), orderId, user, Instant.now());
		send(OrderRefunded.TOPIC, user, refund);
		send(OrderRefunded.TOPIC, user, refund);
		awaitEvent(refundedId);
		String again = UUID.randomUUID().toString();
		send(OrderRefunded.TOPIC, user, new OrderRefunded(again, Instant.now(), orderId, user, Instant.now()));
		awaitEvent(again);
		String after = UUID.randomUUID().toString();
		send(OrderRefunded.TOPIC, user, new OrderRefunded(after, Instant.now(), "none-" + orderId, user, null));
		awaitEvent(after);

		assertThat(this.jdbc.queryForList(
				"select concat(type, ' ', amount, ' ', balance_after, ' ', coalesce(shortfall, '-')) from point_ledger_entry where user_id = ? order by id",
				String.class, user))
			.containsExactly("EARN 1000 1000 -", "EARN 50 1050 -", "USE -300 750 -", "REVOKE -700 50 300");
		assertThat(rewardLots(orderId).get(0).get("remaining")).isEqualTo(0L);
		assertThat(points(refundedId)).isEqualTo(-700);
		assertThat(points(again)).as("another refund event of the same order").isZero();
		assertThat(points(after)).as("a refund of an order without a reward").isZero();
		assertThat(assertLedgerExact(user)).isEqualTo(50);
		assertThat(call("GET", "/api/points/me", user, null).json().get("balance").asLong()).isEqualTo(50);
	}

	@Test
	void aConfirmationHandledAfterItsOrdersRefundEarnsNothing() {
		String user = "late-" + UUID.randomUUID();
		String orderId = "order-" + UUID.randomUUID();
		String refundedId = UUID.randomUUID().toString();
		send(OrderRefunded.TOPIC, user, new OrderRefunded(refundedId, Instant.now(), orderId, user, Instant.now()));
		awaitEvent(refundedId);

		String confirmedId = UUID.randomUUID().toString();
		send(OrderConfirmed.TOPIC, user, confirmed(confirmedId, orderId, user, 50_000L));
		awaitEvent(confirmedId);

		assertThat(points(confirmedId)).isZero();
		assertThat(rewardLots(orderId)).isEmpty();
		assertThat(assertLedgerExact(user)).isZero();
	}

	@Test
	void poisonMessagesAreDeadLetteredWithoutHoldingUpLaterEvents() {
		String user = "poison-" + UUID.randomUUID();
		String marker = UUID.randomUUID().toString();
		KafkaTemplate<Object, Object> raw = new KafkaTemplate<>(this.producerFactory,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
		raw.send(OrderConfirmed.TOPIC, user, "{not json " + marker).join();
		send(OrderConfirmed.TOPIC, user, confirmed(" ", "order-blank-" + marker, user, 1_000L));
		send(OrderConfirmed.TOPIC, user,
				confirmed(UUID.randomUUID().toString(), "order-negative-" + marker, user, -1_000L));
		send(OrderRefunded.TOPIC, user, new OrderRefunded(UUID.randomUUID().toString(), Instant.now(), "", user, null));
		raw.send(OrderRefunded.TOPIC, user, "[1,2," + marker).join();

		String good = UUID.randomUUID().toString();
		String orderId = "order-" + marker;
		send(OrderConfirmed.TOPIC, user, confirmed(good, orderId, user, 2_000L));
		awaitEvent(good);
		assertThat(rewardLots(orderId)).hasSize(1);

		await().atMost(WAIT).untilAsserted(() -> {
			assertThat(deadLetters(OrderConfirmed.TOPIC, "%" + marker + "%")).isEqualTo(3);
			assertThat(deadLetters(OrderRefunded.TOPIC, "%" + marker + "%")).isEqualTo(1);
			assertThat(deadLetters(OrderRefunded.TOPIC, "%\"orderId\":\"\"%")).isGreaterThanOrEqualTo(1);
		});
		assertThat(this.jdbc.queryForObject("select count(*) from point_reward_event where user_id = ?", Integer.class,
				user))
			.as("only the valid event was recorded")
			.isEqualTo(1);
		assertThat(assertLedgerExact(user)).isEqualTo(20);
	}

	private int deadLetters(String topic, String payloadLike) {
		return this.jdbc.queryForObject(
				"select count(*) from dead_letter where topic = ? and convert(payload using utf8mb4) like ?",
				Integer.class, topic, payloadLike);
	}

}
