package com.example.promo.common.redis;

import java.time.Duration;

import org.redisson.Redisson;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.context.annotation.Bean;

/**
 * Fail-fast Redisson ({@link FailFastRedisson}) in every service that uses the Redisson
 * starter, whatever Redis topology {@code spring.data.redis.*} describes: point
 * {@code spring.data.redis.cluster.nodes} at a Redis Cluster and the client is a cluster
 * client. The customizer is a bean the starter collects when it creates the client, so no
 * ordering against its auto-configuration is needed.
 */
@AutoConfiguration
@ConditionalOnClass({ Redisson.class, RedissonAutoConfigurationCustomizer.class, DataRedisProperties.class })
public class RedissonFailFastAutoConfiguration {

	@Bean
	RedissonAutoConfigurationCustomizer failFastRedisson(ObjectProvider<DataRedisProperties> redis) {
		DataRedisProperties properties = redis.getIfAvailable();
		Duration connectTimeout = (properties != null) ? properties.getConnectTimeout() : null;
		return new FailFastRedisson(
				(connectTimeout != null) ? connectTimeout : FailFastRedisson.DEFAULT_CONNECT_TIMEOUT);
	}

}
