package com.example.promo.timesale.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import net.javacrumbs.shedlock.spring.annotation.EnableSchedulerLock;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import com.example.promo.common.security.service.ServiceTokens;
import com.example.promo.timesale.TimesaleProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The pay saga's callees (one {@link Callee} each, base URL
 * {@code promo.timesale.coupon-service-url} / {@code point-service-url}, Resilience4j
 * instances {@code couponService} / {@code pointService}), the outbox's topics (3
 * partitions, created at startup) and the single-runner lock of the scheduled jobs
 * (ShedLock over the {@code shedlock} table).
 */
@Configuration(proxyBeanMethods = false)
@EnableSchedulerLock(defaultLockAtMostFor = "PT5M")
class PaymentConfiguration {

	private static final int PARTITIONS = 3;

	@Bean
	CouponClient couponClient(TimesaleProperties timesale, PaymentProperties properties, ServiceTokens serviceTokens,
			CircuitBreakerRegistry breakers, RetryRegistry retries, JsonMapper json) {
		return new CouponClient(new Callee("couponService", timesale.couponServiceUrl(), serviceTokens, properties,
				breakers, retries, json));
	}

	@Bean
	PointClient pointClient(TimesaleProperties timesale, PaymentProperties properties, ServiceTokens serviceTokens,
			CircuitBreakerRegistry breakers, RetryRegistry retries, JsonMapper json) {
		return new PointClient(new Callee("pointService", timesale.pointServiceUrl(), serviceTokens, properties,
				breakers, retries, json));
	}

	/**
	 * The lock of every {@code @SchedulerLock} job of the service (hold sweep,
	 * compensations, outbox resubmission): one runner at a time across instances.
	 */
	@Bean
	LockProvider lockProvider(JdbcTemplate jdbc) {
		return new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration.builder()
			.withJdbcTemplate(jdbc)
			.withTableName("shedlock")
			.usingDbTime()
			.build());
	}

	@Bean
	NewTopic orderConfirmedTopic() {
		return TopicBuilder.name(OrderConfirmed.TOPIC).partitions(PARTITIONS).build();
	}

	@Bean
	NewTopic orderRefundedTopic() {
		return TopicBuilder.name(OrderRefunded.TOPIC).partitions(PARTITIONS).build();
	}

}
