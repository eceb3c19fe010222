package com.example.promo.common.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings under {@code promo.security}. Bearer tokens are verified either with a
 * shared HS256 secret ({@code jwt.hmac-secret} and {@code jwt.issuer}; the {@code local}
 * profile has the development ones) or by an identity provider (Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}),
 * never both (see {@link JwtVerifier}). Audiences, when wanted, are Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.audiences} on both paths.
 *
 * @param jwt the shared-secret verifier
 * @param trustedServices subjects whose {@code SERVICE} role is honoured (service names,
 * e.g. {@code timesale-service}); anyone else's {@code SERVICE} role is dropped
 * @param serviceScope the OAuth2 scope that grants {@code SERVICE} to a
 * client-credentials token of an identity provider (default {@code promo:service})
 * @param serviceClientRegistration the Spring Security OAuth2 client registration a
 * service gets its own token from when an identity provider is used (default
 * {@code promo-service})
 */
@ConfigurationProperties("promo.security")
public record SecurityProperties(@DefaultValue Jwt jwt, @DefaultValue List<String> trustedServices,
		@DefaultValue("promo:service") String serviceScope,
		@DefaultValue("promo-service") String serviceClientRegistration) {

	/**
	 * The shared-secret verifier under {@code promo.security.jwt}.
	 *
	 * @param hmacSecret shared HS256 secret, at least 32 bytes; empty when an identity
	 * provider verifies tokens
	 * @param issuer the {@code iss} every token verified with the secret must carry (and
	 * that service tokens minted with it carry)
	 * @param serviceTokenTtl lifetime of a service token minted with the secret (default
	 * 5 minutes)
	 */
	public record Jwt(String hmacSecret, String issuer, @DefaultValue("5m") Duration serviceTokenTtl) {
	}

}
