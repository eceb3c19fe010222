package com.example.promo.common.security;

import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpMethod;

/**
 * The requests of a service that a plain user may not make: admin-only ones ({@link #of},
 * {@link #and}) and ones open to any of several roles, e.g. {@code SERVICE} or
 * {@code ADMIN} ({@link #ofAnyRole}, {@link #andAnyRole}). Declared as beans by each
 * service (any number) and enforced in the security filter chain, so a caller without the
 * role is refused with 403 before the request body is even read or validated.
 *
 * @param endpoints method, path pattern and roles (Spring path patterns, e.g.
 * {@code /api/coupons/*}{@code /status})
 */
public record AdminEndpoints(List<Endpoint> endpoints) {

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @return a list with this one admin-only endpoint; add more with {@link #and}
	 */
	public static AdminEndpoints of(HttpMethod method, String pattern) {
		return new AdminEndpoints(List.of(new Endpoint(method, pattern)));
	}

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @param roles the roles any one of which may call it, e.g. {@code SERVICE},
	 * {@code ADMIN}
	 * @return a list with this one endpoint
	 */
	public static AdminEndpoints ofAnyRole(HttpMethod method, String pattern, String... roles) {
		return new AdminEndpoints(List.of(new Endpoint(method, pattern, List.of(roles))));
	}

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @return these endpoints and one more, admin-only
	 */
	public AdminEndpoints and(HttpMethod method, String pattern) {
		return with(new Endpoint(method, pattern));
	}

	/**
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @param roles the roles any one of which may call it
	 * @return these endpoints and one more
	 */
	public AdminEndpoints andAnyRole(HttpMethod method, String pattern, String... roles) {
		return with(new Endpoint(method, pattern, List.of(roles)));
	}

	private AdminEndpoints with(Endpoint endpoint) {
		List<Endpoint> all = new ArrayList<>(this.endpoints);
		all.add(endpoint);
		return new AdminEndpoints(List.copyOf(all));
	}

	/**
	 * One request that needs a role.
	 *
	 * @param method the HTTP method
	 * @param pattern the path pattern
	 * @param roles the roles any one of which may call it (without {@code ROLE_})
	 */
	public record Endpoint(HttpMethod method, String pattern, List<String> roles) {

		/**
		 * @throws IllegalArgumentException if no role is named
		 */
		public Endpoint {
			if (roles.isEmpty()) {
				throw new IllegalArgumentException("An endpoint of " + pattern + " needs at least one role");
			}
			roles = List.copyOf(roles);
		}

		/**
		 * An admin-only request.
		 * @param method the HTTP method
		 * @param pattern the path pattern
		 */
		public Endpoint(HttpMethod method, String pattern) {
			this(method, pattern, List.of(ResourceServerSecurityAutoConfiguration.ADMIN_ROLE));
		}

	}

}
