package com.example.promo.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Bearer tokens for the gateway tests, signed as common-lib's {@code HttpTestSupport} and
 * {@code scripts/token.sh} sign them: HS256 with the development secret, issuer
 * {@code promo-local} (application-test.yml), {@code roles} claim, 10 minutes.
 */
final class EdgeTokens {

	static final String SECRET = "local-dev-secret-change-me-0123456789abcdef";

	static final String ISSUER = "promo-local";

	private EdgeTokens() {
	}

	/** A valid token of the user with these roles. */
	static String token(String userId, String... roles) {
		return sign(SECRET, ISSUER, userId, Instant.now().plusSeconds(600), roles);
	}

	/** {@code Bearer} and a valid token of the user. */
	static String bearer(String userId, String... roles) {
		return "Bearer " + token(userId, roles);
	}

	/**
	 * A token signed with the given secret and issuer, expiring at {@code expiresAt}
	 * (null: none).
	 */
	static String sign(String secret, String issuer, String userId, Instant expiresAt, String... roles) {
		JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId)
			.issuer(issuer)
			.claim("roles", List.of(roles))
			.issueTime(new Date());
		if (expiresAt != null) {
			claims.expirationTime(Date.from(expiresAt));
		}
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
			jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An unsigned token ({@code alg: none}) of a valid-looking admin. */
	static String unsigned(String userId) {
		Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
		String header = base64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
		String payload = base64
			.encodeToString(("{\"sub\":\"" + userId + "\",\"iss\":\"" + ISSUER + "\",\"roles\":[\"ADMIN\"],\"exp\":"
					+ Instant.now().plusSeconds(600).getEpochSecond() + "}")
				.getBytes(StandardCharsets.UTF_8));
		return header + "." + payload + ".";
	}

}
