package com.example.promo.gateway.security;

import org.junit.jupiter.api.Test;

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
		assertThat(EdgeJwtVerifier.configured(new MockEnvironment().withProperty(EdgeJwtVerifier.HMAC_SECRET, SECRET)
			.withProperty(EdgeJwtVerifier.ISSUER, "promo-local"))).isEqualTo(EdgeJwtVerifier.HMAC);
		assertThat(EdgeJwtVerifier
			.configured(new MockEnvironment().withProperty(EdgeJwtVerifier.ISSUER_URI, "https://idp.example")
				.withProperty(EdgeJwtVerifier.HMAC_SECRET, " ")))
			.isEqualTo(EdgeJwtVerifier.IDENTITY_PROVIDER);
	}

	@Test
	void refusesNoneBothOrASecretWithoutIssuer() {
		assertThatIllegalStateException().isThrownBy(() -> EdgeJwtVerifier.configured(new MockEnvironment()))
			.withMessageContaining("No JWT verifier");
		assertThatIllegalStateException()
			.isThrownBy(() -> EdgeJwtVerifier
				.configured(new MockEnvironment().withProperty(EdgeJwtVerifier.HMAC_SECRET, SECRET)
					.withProperty(EdgeJwtVerifier.ISSUER, "promo-local")
					.withProperty(EdgeJwtVerifier.JWK_SET_URI, "https://idp.example/jwks")))
			.withMessageContaining("Two JWT verifiers");
		assertThatIllegalStateException()
			.isThrownBy(() -> EdgeJwtVerifier
				.configured(new MockEnvironment().withProperty(EdgeJwtVerifier.HMAC_SECRET, SECRET)))
			.withMessageContaining(EdgeJwtVerifier.ISSUER);
	}

}
