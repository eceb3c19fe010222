package com.example.promo.point.reward;

import org.apache.kafka.clients.admin.NewTopic;

import com.example.promo.common.kafka.DeadLetterAutoConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.config.TopicBuilder;

/**
 * Consumes timesale-service's order events (group {@value #GROUP}) into
 * {@link PurchaseRewards}. A failure goes to the service's one Kafka error handler
 * ({@link DeadLetterAutoConfiguration}): a transient database failure is retried for
 * long, anything else (an unreadable or malformed event) a few times, then the record
 * goes to {@code <topic>.DLT} and the {@code dead_letter} table and the partition moves
 * on. Both topics and their dead-letter topics are created at startup if missing (3
 * partitions).
 */
@Configuration(proxyBeanMethods = false)
public class PurchaseRewardListener {

	/** The consumer group of both listeners. */
	public static final String GROUP = "point-rewards";

	private static final int PARTITIONS = 3;

	private final PurchaseRewards rewards;

	PurchaseRewardListener(PurchaseRewards rewards) {
		this.rewards = rewards;
	}

	@KafkaListener(id = "point-rewards-confirmed", groupId = GROUP, topics = OrderConfirmed.TOPIC,
			properties = { "spring.json.value.default.type=com.example.promo.point.reward.OrderConfirmed",
					"spring.json.use.type.headers=false" })
	void onConfirmed(OrderConfirmed event) {
		this.rewards.confirmed(event);
	}

	@KafkaListener(id = "point-rewards-refunded", groupId = GROUP, topics = OrderRefunded.TOPIC,
			properties = { "spring.json.value.default.type=com.example.promo.point.reward.OrderRefunded",
					"spring.json.use.type.headers=false" })
	void onRefunded(OrderRefunded event) {
		this.rewards.refunded(event);
	}

	@Bean
	NewTopic orderConfirmedTopic() {
		return TopicBuilder.name(OrderConfirmed.TOPIC).partitions(PARTITIONS).build();
	}

	@Bean
	NewTopic orderConfirmedDeadLetterTopic() {
		return TopicBuilder.name(OrderConfirmed.TOPIC + DeadLetterAutoConfiguration.DEAD_LETTER_SUFFIX)
			.partitions(PARTITIONS)
			.build();
	}

	@Bean
	NewTopic orderRefundedTopic() {
		return TopicBuilder.name(OrderRefunded.TOPIC).partitions(PARTITIONS).build();
	}

	@Bean
	NewTopic orderRefundedDeadLetterTopic() {
		return TopicBuilder.name(OrderRefunded.TOPIC + DeadLetterAutoConfiguration.DEAD_LETTER_SUFFIX)
			.partitions(PARTITIONS)
			.build();
	}

}
