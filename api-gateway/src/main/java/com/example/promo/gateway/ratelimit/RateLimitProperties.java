package com.example.promo.gateway.ratelimit;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Per-user request limits at the edge under {@code promo.gateway.rate-limit}: a token
 * bucket per JWT subject and route (Spring Cloud Gateway's {@code RedisRateLimiter}).
 * Each request takes one token; the bucket refills {@code replenishRate} tokens a second
 * and holds at most {@code burstCapacity}.
 *
 * @param replenishRate requests per second per user and route, for every route not in
 * {@code routes} (default 20; env {@code PROMO_RATE_LIMIT_REPLENISH_RATE})
 * @param burstCapacity the most requests a user may make at once on a route (default 40;
 * env {@code PROMO_RATE_LIMIT_BURST_CAPACITY})
 * @param routes limits of single routes by route id, e.g. {@code point-service}
 */
@ConfigurationProperties("promo.gateway.rate-limit")
@Validated
public record RateLimitProperties(@DefaultValue("20") @Min(1) int replenishRate,
		@DefaultValue("40") @Min(1) long burstCapacity, @DefaultValue Map<String, @Valid Limit> routes) {

	/**
	 * One route's limit.
	 *
	 * @param replenishRate requests per second per user
	 * @param burstCapacity the most requests a user may make at once
	 */
	public record Limit(@Min(1) int replenishRate, @Min(1) long burstCapacity) {
	}

}
