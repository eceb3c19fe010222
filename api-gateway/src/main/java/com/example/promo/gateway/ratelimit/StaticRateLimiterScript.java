package com.example.promo.gateway.ratelimit;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Replaces Spring Cloud Gateway's rate-limiter script bean with a copy of the same Lua
 * text held in memory. The gateway's bean reads the script from a classpath resource, and
 * Spring Data Redis asks that resource for its last-modified time on every call to learn
 * whether the SHA-1 is still current: inside the gateway's nested jar that lookup cost
 * about a third of the gateway's CPU per request (JFR, {@code docs/benchmarks.md}, "A
 * lighter hop"). The script never changes while the gateway runs.
 */
final class StaticRateLimiterScript implements BeanPostProcessor {

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (RedisRateLimiter.REDIS_SCRIPT_NAME.equals(beanName) && bean instanceof RedisScript<?> script) {
			return RedisScript.of(script.getScriptAsString(), List.class);
		}
		return bean;
	}

}
