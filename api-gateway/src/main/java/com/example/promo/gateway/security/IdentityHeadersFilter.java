package com.example.promo.gateway.security;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Removes identity headers a client sent ({@code promo.security.identity-headers}, e.g.
 * {@code X-User-Id}, {@code X-User-Roles}, {@code X-Forwarded-User}, and every
 * {@code X-Auth-*}) before any route forwards the request: the only identity a service
 * may learn from the edge is the bearer token, which goes on unchanged. (The services
 * trust none of these headers today; this keeps a future one from being spoofed.)
 */
@Component
class IdentityHeadersFilter implements GlobalFilter, Ordered {

	private static final String PREFIX = "x-auth-";

	private final Set<String> names;

	IdentityHeadersFilter(EdgeSecurityProperties properties) {
		this.names = properties.identityHeaders()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		List<String> spoofed = exchange.getRequest()
			.getHeaders()
			.headerNames()
			.stream()
			.filter(this::isIdentityHeader)
			.toList();
		if (spoofed.isEmpty()) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange.mutate()
			.request((request) -> request.headers((headers) -> spoofed.forEach(headers::remove)))
			.build());
	}

	private boolean isIdentityHeader(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return this.names.contains(lower) || lower.startsWith(PREFIX);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 1;
	}

}
