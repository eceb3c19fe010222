package com.example.promo.common.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One error handler for every Kafka listener of a service: a failed record is retried
 * with exponential back-off ({@code promo.kafka.retry.*}), then published to
 * {@code <topic>.DLT} (same partition) by Spring Kafka's
 * {@link DeadLetterPublishingRecoverer}, and counted in the
 * {@code promo.kafka.dead.letters} counter (tag {@code topic}). Records that could not
 * even be deserialized are sent on as raw bytes. Boot wires the
 * {@link CommonErrorHandler} bean into its listener container factory.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaRetryProperties.class)
public class DeadLetterAutoConfiguration {

	/** Dead-letter topics are named {@code <topic>.DLT} (DESIGN.md §5). */
	public static final String DEAD_LETTER_SUFFIX = ".DLT";

	private static final Logger log = LoggerFactory.getLogger(DeadLetterAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(CommonErrorHandler.class)
	DefaultErrorHandler deadLetterErrorHandler(KafkaTemplate<Object, Object> template,
			ProducerFactory<Object, Object> producerFactory, KafkaRetryProperties retry,
			ObjectProvider<MeterRegistry> meterRegistry) {
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, new KafkaTemplate<>(producerFactory,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
		templates.put(Object.class, template);
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, record.partition()));
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialIntervalMs(), retry.multiplier());
		backOff.setMaxElapsedTime(retry.maxElapsedMs());
		return new DefaultErrorHandler((record, ex) -> {
			log.error("Dead-lettering {}-{}@{} after retries", record.topic(), record.partition(), record.offset(), ex);
			meterRegistry.ifAvailable(
					(registry) -> registry.counter("promo.kafka.dead.letters", "topic", record.topic()).increment());
			publisher.accept(record, ex);
		}, backOff);
	}

}
