package com.example.promo.common.security;

import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;

class JwtVerifierStartupTests {

	private static final String ISSUER_URI = JwtVerifier.ISSUER_URI + "=https://idp.example.com/realms/promo";

	@Test
	void refusesToStartWithoutAnyVerifierNamingTheProperties() {
		TestResourceServer.runner().run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(StartupRefusal.class)
				.hasMessageContaining("No JWT verifier is configured")
				.hasMessageContaining("promo.security.jwt.hmac-secret")
				.hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri")
				.hasMessageContaining("jwk-set-uri");
		});
	}

	@Test
	void refusesToStartWithTwoVerifiers() {
		TestResourceServer.hmac().withPropertyValues(ISSUER_URI).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Two JWT verifiers are configured");
		});
		TestResourceServer.hmac()
			.withPropertyValues(JwtVerifier.JWK_SET_URI + "=https://idp.example.com/jwks")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("Two JWT verifiers are configured"));
	}

	@Test
	void countsBlankValuesAsUnset() {
		TestResourceServer.runner()
			.withPropertyValues(JwtVerifier.HMAC_SECRET + "= ", JwtVerifier.ISSUER_URI + "=")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("No JWT verifier is configured"));
		TestResourceServer.runner()
			.withPropertyValues(JwtVerifier.HMAC_SECRET + "=", ISSUER_URI)
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(JwtDecoder.class)
				.isInstanceOf(SupplierJwtDecoder.class));
		TestResourceServer.hmac()
			.withPropertyValues(JwtVerifier.JWK_SET_URI + "=  ")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class));
	}

	@Test
	void refusesASecretWithoutAnIssuer() {
		TestResourceServer.runner()
			.withPropertyValues(JwtVerifier.HMAC_SECRET + "=" + TestResourceServer.SECRET)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("promo.security.jwt.issuer is not"));
	}

	@Test
	void reportsTheRefusalAsTheReasonTheServiceDidNotStart() {
		TestResourceServer.runner().run((context) -> {
			FailureAnalysis analysis = new StartupRefusalFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).startsWith("No JWT verifier is configured")
				.doesNotContain(JwtVerifier.ACTION);
			assertThat(analysis.getAction()).isEqualTo(JwtVerifier.ACTION);
		});
	}

}
