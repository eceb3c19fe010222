package com.example.promo.common.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;

/**
 * The rules of a token signed with the shared secret (HS256), once for the services'
 * servlet decoder and the gateway's reactive one: the key, and what a token must carry.
 */
public final class HmacTokens {

	private HmacTokens() {
	}

	/**
	 * @param secret the shared secret, {@value JwtVerifier#HMAC_SECRET}
	 * @return its HS256 key
	 * @throws IllegalStateException if the secret is shorter than 32 bytes (UTF-8), the
	 * least HS256 allows
	 */
	public static SecretKey key(String secret) {
		byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
		if (bytes.length < 32) {
			throw new IllegalStateException(JwtVerifier.HMAC_SECRET + " must be at least 32 bytes for HS256");
		}
		return new SecretKeySpec(bytes, "HmacSHA256");
	}

	/**
	 * What a token must carry: Spring Security's defaults (timestamps) with this issuer,
	 * one of the audiences when any are configured, and the additional validators.
	 * @param issuer the required {@code iss}
	 * @param audiences the accepted {@code aud} values; empty accepts any
	 * @param additional further validators (e.g. an {@code exp} requirement)
	 * @return one validator of them all
	 */
	public static OAuth2TokenValidator<Jwt> validator(String issuer, List<String> audiences,
			Stream<OAuth2TokenValidator<Jwt>> additional) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtValidators.createDefaultWithIssuer(issuer));
		if (!audiences.isEmpty()) {
			validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
					(aud) -> aud != null && !Collections.disjoint(aud, audiences)));
		}
		additional.forEach(validators::add);
		return new DelegatingOAuth2TokenValidator<>(validators);
	}

}
