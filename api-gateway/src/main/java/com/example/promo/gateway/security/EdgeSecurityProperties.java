package com.example.promo.gateway.security;

import java.util.List;

import com.example.promo.common.security.JwtVerifier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The edge's token settings under {@code promo.security}: the same keys the services read
 * (common-lib's {@code SecurityProperties}), so one environment configures both. Tokens
 * are verified either with a shared HS256 secret ({@code jwt.hmac-secret} with
 * {@code jwt.issuer}; the {@code local} profile has the development ones) or by an
 * identity provider (Boot's {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}
 * or {@code jwk-set-uri}), never both ({@link JwtVerifier}).
 *
 * @param jwt the shared-secret verifier
 * @param serviceScope the OAuth2 scope that makes a token a {@code SERVICE} token
 * (default {@code promo:service}); refused at the edge like the {@code SERVICE} role
 * @param identityHeaders request headers removed before routing, whatever the client sent
 * (exact names, case-insensitive); every header starting with {@code X-Auth-} goes too
 */
@ConfigurationProperties("promo.security")
public record EdgeSecurityProperties(@DefaultValue Jwt jwt, @DefaultValue("promo:service") String serviceScope,
		@DefaultValue( {
				"X-User-Id", "X-User-Roles", "X-User-Name", "X-User-Email", "X-Forwarded-User", "X-Forwarded-Email",
				"X-Forwarded-Preferred-Username", "X-Remote-User", "Remote-User", "X-Authenticated-User",
				"X-Authenticated-Userid" }) List<String> identityHeaders){

	/**
	 * The shared-secret verifier under {@code promo.security.jwt}.
	 *
	 * @param hmacSecret shared HS256 secret, at least 32 bytes; empty when an identity
	 * provider verifies tokens
	 * @param issuer the {@code iss} every token verified with the secret must carry
	 */
	public record Jwt(String hmacSecret, String issuer) {
	}

}
