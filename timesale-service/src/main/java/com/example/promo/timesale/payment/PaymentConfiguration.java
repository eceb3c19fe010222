package com.example.promo.timesale.payment;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import tools.jackson.databind.json.JsonMapper;

import com.example.promo.common.security.service.ServiceTokens;
import com.example.promo.timesale.TimesaleProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;

/**
 * The pay saga's callees (one {@link Callee} each, base URL
 * {@code promo.timesale.coupon-service-url} / {@code point-service-url}, Resilience4j
 * instances {@code couponService} / {@code pointService}), the outbox's topics (3
 * partitions, created at startup).
 */
@Configuration(proxyBeanMethods = false)
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

	@Bean
	NewTopic orderConfirmedTopic() {
		return TopicBuilder.name(OrderConfirmed.TOPIC).partitions(PARTITIONS).build();
	}

	@Bean
	NewTopic orderRefundedTopic() {
		return TopicBuilder.name(OrderRefunded.TOPIC).partitions(PARTITIONS).build();
	}

}
