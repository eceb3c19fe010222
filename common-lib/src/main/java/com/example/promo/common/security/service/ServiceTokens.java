package com.example.promo.common.security.service;

import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.web.client.RestClient;

/**
 * How a service calls another as itself (compensations, replays; DESIGN.md §5): every
 * request carries a bearer token whose subject is this service's
 * {@code spring.application.name} and whose role is {@code SERVICE}. The callee honours
 * it only if that name is in its {@code promo.security.trusted-services}.
 * <p>
 * With the shared HS256 secret the token is minted here ({@link ServiceTokenMinter});
 * with an identity provider it is obtained by OAuth2 client credentials from the client
 * registration {@code promo.security.service-client-registration} (default
 * {@code promo-service}), whose scope ({@code promo.security.service-scope}) grants
 * {@code SERVICE}. Apply it only to clients that call as the service, never to those
 * relaying a user's token:
 *
 * <pre>
 * RestClient coupons = RestClient.builder().baseUrl(url).apply(serviceTokens::authenticate).build();
 * </pre>
 */
public final class ServiceTokens {

	private final ClientHttpRequestInterceptor interceptor;

	ServiceTokens(ClientHttpRequestInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	/**
	 * Makes every request of the clients built by the builder carry this service's token.
	 * @param builder a {@link RestClient} builder
	 */
	public void authenticate(RestClient.Builder builder) {
		builder.requestInterceptor(this.interceptor);
	}

	/**
	 * @return the interceptor that sets this service's bearer token on a request
	 */
	public ClientHttpRequestInterceptor interceptor() {
		return this.interceptor;
	}

}
