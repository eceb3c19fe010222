package com.example.promo.common.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;

/**
 * The dead-letter counter, {@value #DEAD_LETTERS}
 * ({@code promo_kafka_dead_letters_total}): records recovered after their retries
 * (stored, handled, published to {@code <topic>.DLT}), tag {@code topic} (the topic they
 * were consumed from), unitless. As the customizer of Boot's listener container factory,
 * it registers the counter at zero for every topic of every container the factory creates
 * ({@code @KafkaListener}s and the issuing kit's queues alike), so a dashboard sees zero
 * rather than nothing.
 */
public final class DeadLetterMetrics
		implements ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> {

	/** The counter's name. */
	public static final String DEAD_LETTERS = "promo.kafka.dead.letters";

	private final ObjectProvider<MeterRegistry> registry;

	/**
	 * @param registry where the counter lives, if metrics are on
	 */
	DeadLetterMetrics(ObjectProvider<MeterRegistry> registry) {
		this.registry = registry;
	}

	/**
	 * @param registry where the counter lives
	 * @param topic the topic a record was consumed from
	 * @return its dead-letter counter (registered if new)
	 */
	public static Counter counter(MeterRegistry registry, String topic) {
		return registry.counter(DEAD_LETTERS, "topic", topic);
	}

	@Override
	public void configure(ConcurrentMessageListenerContainer<Object, Object> container) {
		MeterRegistry meters = this.registry.getIfAvailable();
		String[] topics = container.getContainerProperties().getTopics();
		if (meters != null && topics != null) {
			for (String topic : topics) {
				counter(meters, topic);
			}
		}
	}

}
