package com.example.promo.gateway;

import java.util.UUID;
import java.util.regex.Pattern;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Gives every request an {@code X-Request-Id}: the caller's own if it is 1–64 characters
 * of {@code [A-Za-z0-9._-]}, else a new UUID. It is sent to the service and returned to
 * the caller, so one id follows a request through the logs of every hop.
 */
@Component
class RequestIdFilter implements GlobalFilter, Ordered {

	static final String HEADER = "X-Request-Id";

	private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		String given = exchange.getRequest().getHeaders().getFirst(HEADER);
		String requestId = (given != null && ACCEPTED.matcher(given).matches()) ? given : UUID.randomUUID().toString();
		ServerWebExchange withId = exchange.mutate()
			.request((request) -> request.headers((headers) -> headers.set(HEADER, requestId)))
			.build();
		withId.getResponse().getHeaders().set(HEADER, requestId);
		return chain.filter(withId);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
