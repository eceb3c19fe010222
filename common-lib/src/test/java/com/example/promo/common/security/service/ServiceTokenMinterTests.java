package com.example.promo.common.security.service;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ServiceTokenMinterTests {

	private static final String SECRET = "test-secret-0123456789abcdef-0123456789";

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private static JWTClaimsSet verified(String token) throws Exception {
		SignedJWT jwt = SignedJWT.parse(token);
		assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
		assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
		return jwt.getJWTClaimsSet();
	}

	@Test
	void mintsAShortLivedServiceTokenForTheServiceName() throws Exception {
		ServiceTokenMinter minter = new ServiceTokenMinter(SECRET, "promo-local", List.of(), Duration.ofMinutes(5),
				Clock.fixed(NOW, ZoneOffset.UTC));

		JWTClaimsSet claims = verified(minter.mint("timesale-service"));

		assertThat(claims.getSubject()).isEqualTo("timesale-service");
		assertThat(claims.getStringListClaim("roles")).containsExactly("SERVICE");
		assertThat(claims.getIssuer()).isEqualTo("promo-local");
		assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
		assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
		assertThat(claims.getAudience()).isEmpty();
		assertThat(claims.getJWTID()).isNotBlank();
	}

	@Test
	void carriesTheConfiguredAudiences() throws Exception {
		ServiceTokenMinter minter = new ServiceTokenMinter(SECRET, "promo", List.of("coupon-service", "point-service"),
				Duration.ofSeconds(60), Clock.systemUTC());

		assertThat(verified(minter.mint("timesale-service")).getAudience()).containsExactly("coupon-service",
				"point-service");
	}

	@Test
	void refusesASecretShorterThan32Bytes() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new ServiceTokenMinter("too-short", "promo", List.of(), Duration.ofMinutes(1), Clock.systemUTC()))
			.withMessageContaining("32 bytes");
	}

}
