package com.example.promo.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One error handler for every Kafka listener of a service: a failed record is retried
 * with exponential back-off ({@code promo.kafka.retry.*}; long for
 * {@link TransientFailures transient} failures, short for the others), then recovered: it
 * is stored for the admin API when {@code promo.kafka.dead-letters.path} is set
 * ({@link DeadLetterStore}), the service's {@link DeadLetterHandler}s run (e.g. mark the
 * request REJECTED and release its admission), it is published to {@code <topic>.DLT}
 * (same partition) by Spring Kafka's {@link DeadLetterPublishingRecoverer}, and counted
 * in {@link DeadLetterMetrics} ({@code promo.kafka.dead.letters}, tag {@code topic}).
 * Records that could not even be deserialized are sent on as raw bytes. Boot wires the
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
			ObjectProvider<DeadLetterHandler> handlers, ObjectProvider<DeadLetterStore> store, JsonMapper json,
			ObjectProvider<MeterRegistry> meterRegistry) {
		Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
		templates.put(byte[].class, bytesTemplate(producerFactory));
		templates.put(Object.class, template);
		DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(templates,
				(record, ex) -> new TopicPartition(record.topic() + DEAD_LETTER_SUFFIX, record.partition()));
		DefaultErrorHandler handler = new DefaultErrorHandler((record, ex) -> {
			log.error("Dead-lettering {}-{}@{} after retries", record.topic(), record.partition(), record.offset(), ex);
			// Stored first: by the time a handler marks the request REJECTED, admins can
			// see why.
			store.ifAvailable((s) -> s.save(record.topic(), record.partition(), record.offset(), record.timestamp(),
					(record.key() != null) ? record.key().toString() : null, payload(record, json), describe(ex)));
			handlers.orderedStream().forEach((h) -> h.onDeadLetter(record, ex));
			publisher.accept(record, ex);
			meterRegistry.ifAvailable((registry) -> DeadLetterMetrics.counter(registry, record.topic()).increment());
		}, backOff(retry, retry.maxElapsedMs()));
		BackOff transientBackOff = backOff(retry, retry.transientMaxElapsedMs());
		BackOff otherBackOff = backOff(retry, retry.maxElapsedMs());
		handler.setBackOffFunction((record, ex) -> TransientFailures.isTransient(ex) ? transientBackOff : otherBackOff);
		return handler;
	}

	@Bean
	DeadLetterMetrics deadLetterMetrics(ObjectProvider<MeterRegistry> registry) {
		return new DeadLetterMetrics(registry);
	}

	private static ExponentialBackOff backOff(KafkaRetryProperties retry, long maxElapsedMs) {
		ExponentialBackOff backOff = new ExponentialBackOff(retry.initialIntervalMs(), retry.multiplier());
		backOff.setMaxInterval(retry.maxIntervalMs());
		backOff.setMaxElapsedTime(maxElapsedMs);
		return backOff;
	}

	private static KafkaTemplate<Object, Object> bytesTemplate(ProducerFactory<Object, Object> producerFactory) {
		return new KafkaTemplate<>(producerFactory,
				Map.of(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
	}

	/** The record's value as bytes: raw if it could not be read, else its JSON. */
	private static byte[] payload(ConsumerRecord<?, ?> record, JsonMapper json) {
		if (record.value() instanceof byte[] bytes) {
			return bytes;
		}
		if (record.value() == null) {
			DeserializationException failed = SerializationUtils.getExceptionFromHeader(record,
					SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER, null);
			return (failed != null) ? failed.getData() : null;
		}
		if (record.value() instanceof String text) {
			return text.getBytes(StandardCharsets.UTF_8);
		}
		return json.writeValueAsBytes(record.value());
	}

	private static String describe(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root.getClass().getName() + ": " + root.getMessage();
	}

	/**
	 * The dead-letter table and admin API, for a service that sets
	 * {@code promo.kafka.dead-letters.path} and has a {@code dead_letter} table.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("promo.kafka.dead-letters.path")
	@ConditionalOnClass(JdbcClient.class)
	@Import(DeadLetterController.class)
	static class DeadLetterStoreConfiguration {

		@Bean
		DeadLetterStore deadLetterStore(JdbcClient jdbc, PlatformTransactionManager transactionManager,
				ProducerFactory<Object, Object> producerFactory, ObjectProvider<Clock> clock) {
			return new DeadLetterStore(jdbc, new TransactionTemplate(transactionManager),
					bytesTemplate(producerFactory), clock.getIfAvailable(Clock::systemUTC));
		}

	}

}
