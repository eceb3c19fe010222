package com.example.promo.common.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * The requests of a service that need the {@code ADMIN} role. Declared as a bean by each
 * service and enforced in the security filter chain, so a non-admin is refused with 403
 * before the request body is even read or validated.
 *
 * @param endpoints method and path pattern pairs (Spring path patterns, e.g.
 * {@code /api/coupons/*}{@code /status})
 */
public record AdminEndpoints(List<Endpoint> endpoints) {

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @return a list with this one endpoint; add more with {@link #and}
	 */
	public static AdminEndpoints of(HttpMethod method, String pattern) {
		return new AdminEndpoints(List.of(new Endpoint(method, pattern)));
	}

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @return these endpoints and one more
	 */
	public AdminEndpoints and(HttpMethod method, String pattern) {
		List<Endpoint> all = new ArrayList<>(this.endpoints);
		all.add(new Endpoint(method, pattern));
		return new AdminEndpoints(List.copyOf(all));
	}

	/**
	 * One admin-only request.
	 *
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 */
	public record Endpoint(HttpMethod method, String pattern) {
	}

}
