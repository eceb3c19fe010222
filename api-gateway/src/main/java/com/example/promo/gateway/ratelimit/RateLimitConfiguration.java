package com.example.promo.gateway.ratelimit;

import java.security.Principal;

import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.util.StringUtils;

/**
 * The {@code RequestRateLimiter} default filter's rate limiter and key: Spring Cloud
 * Gateway's {@link RedisRateLimiter} (token bucket in a Lua script, one bucket per key
 * and route) keyed by the authenticated JWT subject (the principal's name, as Spring
 * Cloud Gateway's {@code PrincipalNameKeyResolver}; admins are not limited), with the
 * limits of {@link RateLimitProperties}. A refusal becomes a problem in
 * {@link RateLimitedProblemFilter}. When Redis fails, the limiter lets requests through
 * (fails open): an outage of Redis must not take the whole edge down.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	private static final String ADMIN_AUTHORITY = "ROLE_" + ResourceServerSecurityAutoConfiguration.ADMIN_ROLE;

	@Bean
	RedisRateLimiter redisRateLimiter(RateLimitProperties properties) {
		RedisRateLimiter limiter = new RedisRateLimiter(properties.replenishRate(), properties.burstCapacity(), 1);
		properties.routes()
			.forEach((routeId, limit) -> limiter.getConfig()
				.put(routeId,
						new RedisRateLimiter.Config().setReplenishRate(limit.replenishRate())
							.setBurstCapacity(limit.burstCapacity())
							.setRequestedTokens(1)));
		return limiter;
	}

	/**
	 * @return the rate-limiter script read once, not checked for changes per request
	 */
	@Bean
	static StaticRateLimiterScript staticRateLimiterScript() {
		return new StaticRateLimiterScript();
	}

	/**
	 * The JWT subject, except for admins: they have no key, which the filter lets through
	 * unlimited ({@code deny-empty-key: false}), as it does a request without a
	 * principal. Admins are the platform's operators and their tools (creating a sale,
	 * granting points to every buyer of a campaign at once, polling a gate during a
	 * sale), not the flood the limit is for.
	 * @return the key of a request's bucket
	 */
	@Bean
	KeyResolver principalNameKeyResolver() {
		return (exchange) -> exchange.getPrincipal()
			.filter((principal) -> !isAdmin(principal))
			.mapNotNull(Principal::getName)
			.filter(StringUtils::hasLength);
	}

	private static boolean isAdmin(Principal principal) {
		return principal instanceof Authentication authentication && authentication.getAuthorities()
			.stream()
			.anyMatch((authority) -> ADMIN_AUTHORITY.equals(authority.getAuthority()));
	}

}
