package com.example.promo.common.kafka;

import java.util.Arrays;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The dead-letter counter, {@value #DEAD_LETTERS}
 * ({@code promo_kafka_dead_letters_total}): records recovered after their retries
 * (stored, handled, published to {@code <topic>.DLT}), tag {@code topic} (the topic they
 * were consumed from), unitless. Registered at zero for every topic a listener consumes
 * once the context is refreshed ({@code @KafkaListener} containers here, the issuing
 * kit's queues by the kit itself), so a dashboard sees zero rather than nothing.
 */
public final class DeadLetterMetrics implements ApplicationListener<ContextRefreshedEvent> {

	/** The counter's name. */
	public static final String DEAD_LETTERS = "promo.kafka.dead.letters";

	private final ObjectProvider<MeterRegistry> registry;

	private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;

	/**
	 * @param registry where the counter lives, if metrics are on
	 * @param listeners the {@code @KafkaListener} containers, if any
	 */
	DeadLetterMetrics(ObjectProvider<MeterRegistry> registry, ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
		this.registry = registry;
		this.listeners = listeners;
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
	public void onApplicationEvent(ContextRefreshedEvent event) {
		MeterRegistry meters = this.registry.getIfAvailable();
		KafkaListenerEndpointRegistry containers = this.listeners.getIfAvailable();
		if (meters == null || containers == null) {
			return;
		}
		for (MessageListenerContainer container : containers.getAllListenerContainers()) {
			String[] topics = container.getContainerProperties().getTopics();
			if (topics != null) {
				Arrays.stream(topics).forEach((topic) -> counter(meters, topic));
			}
		}
	}

}
