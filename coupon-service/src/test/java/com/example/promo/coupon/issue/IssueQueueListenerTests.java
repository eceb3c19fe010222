package com.example.promo.coupon.issue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.kafka.DeadLetterAutoConfiguration;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The v3 consumer against the real broker: redelivery, unknown coupons, unreadable
 * messages (poisoned requests: {@link IssueDeadLetterTests}).
 */
class IssueQueueListenerTests extends IntegrationTestSupport {

	private static final String DEAD_LETTER_TOPIC = CouponIssueRequested.TOPIC
			+ DeadLetterAutoConfiguration.DEAD_LETTER_SUFFIX;

	@Autowired
	private KafkaTemplate<String, CouponIssueRequested> kafka;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Autowired
	private Issuing<CouponIssueRequested, BatchIssueWriter.Written> issuing;

	private CouponIssueRequested request(long couponId, String userId) {
		return new CouponIssueRequested(UUID.randomUUID().toString(), couponId, userId, "no-epoch", Instant.now());
	}

	private void send(CouponIssueRequested request) throws Exception {
		this.kafka.send(CouponIssueRequested.TOPIC, Long.toString(request.couponId()), request).get();
	}

	private void awaitProcessed(String requestId) {
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from issue_request where request_id = ?",
					Integer.class, requestId) == 1);
	}

	private String outcome(String column, CouponIssueRequested request) {
		return this.jdbc.queryForObject("select " + column + " from issue_request where request_id = ?", String.class,
				request.requestId());
	}

	/**
	 * A real redelivery: the record is consumed and written, then the consumer group is
	 * stopped and rewound to its offset (as after a crash before the offset commit) and
	 * started again. The record behind it on the same partition is written only after the
	 * rewound one was consumed again.
	 */
	@Test
	void aRecordConsumedAgainAfterARestartIssuesOneCoupon() throws Exception {
		long couponId = createCoupon(10, 5);
		CouponIssueRequested twice = request(couponId, "redelivered");
		CouponIssueRequested after = request(couponId, "after-the-redelivery");

		RecordMetadata sent = this.kafka.send(CouponIssueRequested.TOPIC, Long.toString(couponId), twice)
			.get()
			.getRecordMetadata();
		awaitProcessed(twice.requestId());
		MessageListenerContainer container = this.issuing.consumer();
		container.stop();
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			admin
				.alterConsumerGroupOffsets("coupon-issue-writer",
						Map.of(new TopicPartition(sent.topic(), sent.partition()),
								new OffsetAndMetadata(sent.offset())))
				.all()
				.get();
		}
		finally {
			container.start();
		}
		send(after);
		awaitProcessed(after.requestId());

		assertThat(this.jdbc.queryForObject("select count(*) from issued_coupon where request_id = ?", Integer.class,
				twice.requestId()))
			.isEqualTo(1);
		assertThat(this.jdbc.queryForObject("select count(*) from issue_request where request_id = ?", Integer.class,
				twice.requestId()))
			.isEqualTo(1);
		assertThat(issuedRows(couponId)).isEqualTo(2);
		assertThat(issuedQuantity(couponId)).isEqualTo(2);
	}

	@Test
	void recordsARefusalForAnUnknownCouponOrAFullUser() throws Exception {
		long couponId = createCoupon(10, 1);
		CouponIssueRequested unknown = request(987654321L, "ghost");
		CouponIssueRequested first = request(couponId, "greedy");
		CouponIssueRequested second = request(couponId, "greedy");

		send(unknown);
		send(first);
		send(second);
		awaitProcessed(unknown.requestId());
		awaitProcessed(second.requestId());

		assertThat(outcome("reason", unknown)).isEqualTo("COUPON_NOT_FOUND");
		assertThat(outcome("status", first)).isEqualTo("ISSUED");
		assertThat(outcome("reason", second)).isEqualTo("ALREADY_ISSUED");
		assertThat(issuedRows(couponId)).isEqualTo(1);
	}

	@Test
	void aMessageThatCannotBeReadGoesToTheDeadLetterTopicAndTheRestIsWritten() throws Exception {
		long couponId = createCoupon(10, 1);
		CouponIssueRequested good = request(couponId, "behind-the-poison");
		KafkaTemplate<String, String> raw = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new StringSerializer()));
		try (Consumer<String, byte[]> deadLetters = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps(this.broker, "dlt-reader-" + couponId, false), new StringDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			deadLetters.subscribe(List.of(DEAD_LETTER_TOPIC));

			raw.send(CouponIssueRequested.TOPIC, Long.toString(couponId), "{not json").get();
			send(good);

			awaitProcessed(good.requestId());
			// Other tests dead-letter records too: this coupon's are the ones keyed by
			// its id.
			List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				KafkaTestUtils.getRecords(deadLetters, Duration.ofMillis(500))
					.records(DEAD_LETTER_TOPIC)
					.forEach((record) -> {
						if (Long.toString(couponId).equals(record.key())) {
							dead.add(record);
						}
					});
				return !dead.isEmpty();
			});
			assertThat(dead).singleElement()
				.satisfies((record) -> assertThat(new String(record.value(), StandardCharsets.UTF_8))
					.isEqualTo("{not json"));
		}
		finally {
			raw.destroy();
		}
		assertThat(issuedRows(couponId)).isEqualTo(1);
	}

}
