package com.example.promo.gateway.ratelimit;

import com.example.promo.gateway.EdgeProblems;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Turns the {@code RequestRateLimiter} filter's refusal (a bare {@code 429} with the
 * {@code X-RateLimit-*} headers and no body) into a {@code 429 RATE_LIMITED} problem with
 * {@code Retry-After} in whole seconds: the time the bucket takes to refill one request's
 * tokens, at least 1. It decorates the response before the route's filters run, and acts
 * only on a 429 that is completed without a body, which is what the rate limiter does; a
 * service's own 429 passes unchanged.
 */
@Component
class RateLimitedProblemFilter implements GlobalFilter, Ordered {

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		return chain.filter(exchange.mutate().response(new ProblemOnRefusal(exchange.getResponse())).build());
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 2;
	}

	/** Writes the problem when the rate limiter completes a 429 without a body. */
	private static final class ProblemOnRefusal extends ServerHttpResponseDecorator {

		ProblemOnRefusal(ServerHttpResponse delegate) {
			super(delegate);
		}

		@Override
		public Mono<Void> setComplete() {
			if (!HttpStatus.TOO_MANY_REQUESTS.equals(getStatusCode()) || isCommitted()) {
				return super.setComplete();
			}
			getHeaders().set("Retry-After", Long.toString(retryAfterSeconds()));
			return EdgeProblems.write(getDelegate(), HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
					"Too many requests from this user on this route; retry after the time in Retry-After.");
		}

		private long retryAfterSeconds() {
			long rate = number(RedisRateLimiter.REPLENISH_RATE_HEADER, 1);
			long requested = number(RedisRateLimiter.REQUESTED_TOKENS_HEADER, 1);
			return Math.max(1, (requested + rate - 1) / Math.max(1, rate));
		}

		private long number(String header, long fallback) {
			try {
				long value = Long.parseLong(String.valueOf(getHeaders().getFirst(header)));
				return (value > 0) ? value : fallback;
			}
			catch (NumberFormatException ex) {
				return fallback;
			}
		}

	}

}
