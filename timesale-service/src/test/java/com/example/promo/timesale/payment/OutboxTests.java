package com.example.promo.timesale.payment;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.example.promo.common.jdbc.UtcColumns;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The transactional outbox (Spring Modulith's JDBC event publication registry,
 * externalized to Kafka): a publication is written with the order's change and completed
 * once Kafka acknowledged; one left incomplete by a process that died — after Kafka got
 * the record, or before it was sent — goes out again on resubmission, at least once and
 * always with the event's own {@code eventId}. point-service grants one reward lot per
 * eventId whatever the duplicates ({@code PurchaseRewardTests} in point-service).
 */
class OutboxTests extends PaymentFixtures {

	private static final String EXTERNALIZER = "org.springframework.modulith.events.support.DelegatingEventExternalizer.externalize(java.lang.Object)";

	@Autowired
	private OutboxResubmission resubmission;

	@Test
	void aPublicationLeftIncompleteAfterKafkaGotItIsPublishedAgainWithTheSameEventId() {
		long saleId = liveSaleRow(5_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		assertThat(pay(orderId, token(user), "{}").status()).isEqualTo(200);
		String eventId = (String) orderRow(orderId).get("confirmed_event_id");
		assertThat(recordsOf(OrderConfirmed.TOPIC, orderId, 1, Duration.ofSeconds(20))).hasSize(1);
		await().atMost(Duration.ofSeconds(10)).until(() -> completed(eventId));

		// The process died after Kafka's acknowledgement, before the row was completed.
		int reset = this.jdbc.update("""
				UPDATE EVENT_PUBLICATION SET completion_date = NULL, status = 'PROCESSING',
				       publication_date = publication_date - INTERVAL 1 MINUTE
				 WHERE serialized_event LIKE ?""", "%" + eventId + "%");
		assertThat(reset).isOne();
		this.resubmission.resubmit();

		List<ConsumerRecord<String, String>> records = recordsOf(OrderConfirmed.TOPIC, orderId, 2,
				Duration.ofSeconds(20));
		assertThat(records).hasSize(2)
			.allSatisfy((record) -> assertThat(this.json.readTree(record.value()).get("eventId").asString())
				.isEqualTo(eventId))
			.allSatisfy((record) -> assertThat(record.key()).isEqualTo(user));
		await().atMost(Duration.ofSeconds(10)).until(() -> completed(eventId));
	}

	@Test
	void aPublicationCommittedButNeverSentIsPublishedByTheResubmission() {
		long saleId = liveSaleRow(5_000, 10, 5, 600);
		String user = newUser();
		long orderId = heldOrder(saleId, user, 1);
		String eventId = UUID.randomUUID().toString();
		Instant paidAt = Instant.now().minusSeconds(60);
		// The pay transaction committed (order PAID, publication written) and the process
		// died before the send.
		this.tx.executeWithoutResult((status) -> {
			this.jdbc.update("""
					UPDATE sale_order SET status = 'PAID', paid_at = ?, coupon_discount = 0, points_used = 0,
					       paid_amount = total_amount, payment_ref = ?, confirmed_event_id = ?
					 WHERE id = ? AND status = 'HELD'""", UtcColumns.utc(paidAt), Long.toString(orderId), eventId,
					orderId);
			this.saleStock.sell(saleId, 1);
			this.jdbc
				.update("""
						INSERT INTO EVENT_PUBLICATION (id, listener_id, event_type, serialized_event, publication_date,
						                               status, completion_attempts)
						VALUES (?, ?, ?, ?, ?, 'PUBLISHED', 1)""", UUID.randomUUID().toString(), EXTERNALIZER,
						OrderConfirmed.class.getName(), this.json.writeValueAsString(new OrderConfirmed(eventId, paidAt,
								Long.toString(orderId), user, saleId, 0, 1, 5_000, 0, 0, 5_000)),
						UtcColumns.utc(paidAt));
		});
		assertThat(recordsOf(OrderConfirmed.TOPIC, orderId, 1, Duration.ofSeconds(2))).isEmpty();

		this.resubmission.resubmit();

		List<ConsumerRecord<String, String>> records = recordsOf(OrderConfirmed.TOPIC, orderId, 1,
				Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		assertThat(this.json.readTree(records.get(0).value()).get("eventId").asString()).isEqualTo(eventId);
		await().atMost(Duration.ofSeconds(10)).until(() -> completed(eventId));
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 1);
	}

	private boolean completed(String eventId) {
		return this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM EVENT_PUBLICATION WHERE serialized_event LIKE ? AND completion_date IS NOT NULL",
				Integer.class, "%" + eventId + "%") == 1;
	}

}
