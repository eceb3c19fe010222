package com.example.promo.common.security.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.KeyLengthException;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;

/**
 * Mints service tokens with the shared HS256 secret, for platforms whose services verify
 * tokens with that secret (the {@code local} profile, or an operator's own secret):
 * subject = the service name, {@code roles: ["SERVICE"]}, the configured issuer and
 * audiences, and a short lifetime. A fresh token per call costs one HMAC.
 */
public final class ServiceTokenMinter {

	private final JWSSigner signer;

	private final String issuer;

	private final List<String> audiences;

	private final Duration ttl;

	private final Clock clock;

	/**
	 * @param hmacSecret the shared secret, at least 32 bytes
	 * @param issuer the {@code iss} of every token
	 * @param audiences the {@code aud} of every token, or empty for none
	 * @param ttl how long a token is valid
	 * @param clock the time source
	 * @throws IllegalArgumentException if the secret is shorter than 32 bytes
	 */
	public ServiceTokenMinter(String hmacSecret, String issuer, List<String> audiences, Duration ttl, Clock clock) {
		try {
			this.signer = new MACSigner(hmacSecret.getBytes(StandardCharsets.UTF_8));
		}
		catch (KeyLengthException ex) {
			throw new IllegalArgumentException("The HS256 secret must be at least 32 bytes", ex);
		}
		this.issuer = issuer;
		this.audiences = List.copyOf(audiences);
		this.ttl = ttl;
		this.clock = clock;
	}

	/**
	 * @param serviceName the calling service, its {@code spring.application.name}
	 * @return a signed bearer token for it, role {@code SERVICE}
	 */
	public String mint(String serviceName) {
		Instant now = this.clock.instant();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(serviceName)
			.issuer(this.issuer)
			.audience(this.audiences.isEmpty() ? null : this.audiences)
			.claim(ResourceServerSecurityAutoConfiguration.ROLES_CLAIM,
					List.of(ResourceServerSecurityAutoConfiguration.SERVICE_ROLE))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.ttl)))
			.jwtID(UUID.randomUUID().toString())
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
		try {
			jwt.sign(this.signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Cannot sign a service token", ex);
		}
		return jwt.serialize();
	}

}
