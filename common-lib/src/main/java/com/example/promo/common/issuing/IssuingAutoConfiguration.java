package com.example.promo.common.issuing;

import java.time.Clock;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.redisson.api.RedissonClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The issuing kit's shared beans in a service that has Redis (Redisson), Kafka, a
 * database and Resilience4j: {@link IssuingInfrastructure} (from which the service builds
 * each {@link Issuing} bean), the {@code ?strategy=} converter, and, with
 * {@code promo.issuing.admin-path} set, the gate admin endpoint.
 */
@AutoConfiguration
@ConditionalOnClass({ RedissonClient.class, KafkaTemplate.class, JdbcClient.class, CircuitBreakerRegistry.class })
@EnableConfigurationProperties(IssuingProperties.class)
public class IssuingAutoConfiguration {

	@Bean
	IssueStrategyConverter issueStrategyConverter() {
		return new IssueStrategyConverter();
	}

	@Bean
	IssuingInfrastructure issuingInfrastructure(RedissonClient redisson, CircuitBreakerRegistry breakers,
			KafkaTemplate<Object, Object> kafka, KafkaAdmin admin,
			ConcurrentKafkaListenerContainerFactory<Object, Object> listenerFactory, JdbcClient jdbc,
			PlatformTransactionManager transactionManager, MeterRegistry meters, IssuingProperties properties,
			ObjectProvider<Clock> clock) {
		return new IssuingInfrastructure(redisson, breakers, kafka, admin, listenerFactory, jdbc,
				new TransactionTemplate(transactionManager), meters, properties,
				clock.getIfAvailable(Clock::systemUTC));
	}

	/** The gate admin endpoint, at {@code promo.issuing.admin-path}. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty("promo.issuing.admin-path")
	@Import(GateAdminController.class)
	static class GateAdmin {

	}

}
