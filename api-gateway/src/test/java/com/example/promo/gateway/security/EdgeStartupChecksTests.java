package com.example.promo.gateway.security;

import org.junit.jupiter.api.Test;

import com.example.promo.common.security.JwtVerifier;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The gateway refuses to start with no, two or a half-configured token verifier, or an
 * unset secret.
 */
class EdgeStartupChecksTests {

	private static final String SECRET = "local-dev-secret-change-me-0123456789abcdef";

	@Test
	void choosesTheOneConfiguredVerifier() {
		assertThat(JwtVerifier.configured(new MockEnvironment().withProperty(JwtVerifier.HMAC_SECRET, SECRET)
			.withProperty(JwtVerifier.ISSUER, "promo-local"))).isEqualTo(JwtVerifier.HMAC);
		assertThat(
				JwtVerifier.configured(new MockEnvironment().withProperty(JwtVerifier.ISSUER_URI, "https://idp.example")
					.withProperty(JwtVerifier.HMAC_SECRET, " ")))
			.isEqualTo(JwtVerifier.IDENTITY_PROVIDER);
	}

	@Test
	void refusesNoneBothOrASecretWithoutIssuer() {
		assertThatIllegalStateException().isThrownBy(() -> JwtVerifier.configured(new MockEnvironment()))
			.withMessageContaining("No JWT verifier");
		assertThatIllegalStateException()
			.isThrownBy(() -> JwtVerifier.configured(new MockEnvironment().withProperty(JwtVerifier.HMAC_SECRET, SECRET)
				.withProperty(JwtVerifier.ISSUER, "promo-local")
				.withProperty(JwtVerifier.JWK_SET_URI, "https://idp.example/jwks")))
			.withMessageContaining("Two JWT verifiers");
		assertThatIllegalStateException()
			.isThrownBy(
					() -> JwtVerifier.configured(new MockEnvironment().withProperty(JwtVerifier.HMAC_SECRET, SECRET)))
			.withMessageContaining(JwtVerifier.ISSUER);
	}

}
