package com.example.promo.coupon;

import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * Redisson fails fast instead of retrying for seconds, so a Redis outage trips the
 * {@code redisGate} circuit breaker and requests fall back to v1 quickly. Address,
 * database, password and command timeout come from the standard
 * {@code spring.data.redis.*}; an empty password (the local profile's Redis has none)
 * means no {@code AUTH} at all.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

	@Bean
	RedissonAutoConfigurationCustomizer failFastRedisson() {
		return (config) -> {
			config.useSingleServer().setRetryAttempts(1).setConnectTimeout(1000);
			if (!StringUtils.hasText(config.getPassword())) {
				config.setPassword(null);
			}
		};
	}

}
