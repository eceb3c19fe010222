package com.example.promo.common.issuing;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What every resource kind of a service shares: Redis, the {@code redisGate} circuit
 * breaker, Kafka, the database, metrics, the kit's settings and the clock. A service
 * builds each of its kinds from it: {@code kit.issuing(new IssuingResource<>(…))}, as a
 * bean.
 *
 * @param redisson Redis
 * @param breakers where {@code redisGate} is configured
 * @param kafka the producer ({@code acks=all}, idempotent)
 * @param admin creates the topics
 * @param listenerFactory Boot's listener container factory, with the shared error handler
 * @param jdbc the service's database
 * @param transactions transactions on it
 * @param meters metrics
 * @param properties {@code promo.issuing.*}
 * @param clock the service's clock
 */
public record IssuingInfrastructure(RedissonClient redisson, CircuitBreakerRegistry breakers,
		KafkaTemplate<Object, Object> kafka, KafkaAdmin admin,
		ConcurrentKafkaListenerContainerFactory<Object, Object> listenerFactory, JdbcClient jdbc,
		TransactionTemplate transactions, MeterRegistry meters, IssuingProperties properties, Clock clock) {

	/**
	 * @param <R> the request type
	 * @param <W> the outcome type
	 * @param resource what the service plugs in
	 * @return the kit for that kind of resource; declare it as a bean (it is a lifecycle
	 * bean and a dead-letter handler)
	 */
	public <R extends QueuedRequest, W extends WriteOutcome> Issuing<R, W> issuing(IssuingResource<R, W> resource) {
		return new Issuing<>(resource, this);
	}

}
