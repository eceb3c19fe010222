package com.example.promo.common.security;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.example.promo.common.security.TestResourceServer.claims;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code jwk-set-uri} set, Boot's decoder verifies against the JWK set this test
 * serves itself; the shared development secret no longer opens anything.
 */
class IdentityProviderTokenVerificationTests {

	private static RSAKey key;

	private static HttpServer jwks;

	@BeforeAll
	static void serveJwkSet() throws Exception {
		key = new RSAKeyGenerator(2048).keyID("idp-key").generate();
		byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
		jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		jwks.createContext("/jwks", (exchange) -> {
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (var out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		jwks.start();
	}

	@AfterAll
	static void stop() {
		jwks.stop(0);
	}

	private static WebApplicationContextRunner provider() {
		return TestResourceServer.runner()
			.withPropertyValues(JwtVerifier.JWK_SET_URI + "=http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks");
	}

	private static String rs256(JWTClaimsSet.Builder claims) {
		try {
			return TestResourceServer.sign(claims,
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), new RSASSASigner(key));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void usesBootsDecoderNotTheSharedSecret() {
		provider().run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(JwtDecoder.class).doesNotHaveBean("hmacJwtDecoder");
			MockMvcTester mvc = TestResourceServer.mvc(context);
			assertThat(mvc.get().uri("/me").header("Authorization", "Bearer " + rs256(claims("alice")))).hasStatusOk()
				.hasBodyTextEqualTo("alice");
		});
	}

	@Test
	void refusesATokenSignedWithTheDevelopmentSecret() {
		provider().withPropertyValues(JwtVerifier.HMAC_SECRET + "=").run((context) -> {
			String devToken = TestResourceServer.hs256(claims("root", "ADMIN"));
			assertThat(TestResourceServer.mvc(context).get().uri("/me").header("Authorization", "Bearer " + devToken))
				.hasStatus(401);
		});
	}

	@Test
	void refusesAProviderTokenWithoutExpiry() {
		provider().run((context) -> assertThat(TestResourceServer.mvc(context)
			.get()
			.uri("/me")
			.header("Authorization", "Bearer " + rs256(claims("alice").expirationTime(null)))).hasStatus(401));
	}

	@Test
	void grantsServiceToTrustedClientsCarryingTheServiceScope() {
		provider().withPropertyValues("promo.security.trusted-services=timesale-service").run((context) -> {
			MockMvcTester mvc = TestResourceServer.mvc(context);
			String trusted = rs256(claims("timesale-service").claim("scope", "openid promo:service"));
			String untrusted = rs256(claims("someone").claim("scope", "promo:service"));
			assertThat(mvc.post().uri("/compensate").header("Authorization", "Bearer " + trusted)).hasStatusOk();
			assertThat(mvc.post().uri("/compensate").header("Authorization", "Bearer " + untrusted)).hasStatus(403);
		});
	}

}
