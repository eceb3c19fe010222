package com.example.promo.common.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.Filter;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

/**
 * A servlet context with common-lib's resource-server security and three endpoints:
 * {@code GET /me} (any caller, answers the subject), {@code POST /admin} (ADMIN) and
 * {@code POST /compensate} (SERVICE or ADMIN); MockMvc through its filter chain; HS256
 * tokens signed with {@link #SECRET}.
 */
final class TestResourceServer {

	static final String SECRET = "test-secret-0123456789abcdef-0123456789";

	static final String ISSUER = "promo-test";

	private TestResourceServer() {
	}

	/**
	 * @return the context, no verifier configured yet
	 */
	static WebApplicationContextRunner runner() {
		return new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, WebMvcAutoConfiguration.class,
					SecurityAutoConfiguration.class, ServletWebSecurityAutoConfiguration.class,
					OAuth2ResourceServerAutoConfiguration.class, ResourceServerSecurityAutoConfiguration.class))
			.withUserConfiguration(Endpoints.class);
	}

	/**
	 * @return the context verifying with {@link #SECRET} and issuer {@link #ISSUER}
	 */
	static WebApplicationContextRunner hmac() {
		return runner().withPropertyValues(JwtVerifier.HMAC_SECRET + "=" + SECRET, JwtVerifier.ISSUER + "=" + ISSUER);
	}

	/**
	 * @param context a started context
	 * @return MockMvc through its security filter chain
	 */
	static MockMvcTester mvc(WebApplicationContext context) {
		return MockMvcTester.from(context,
				(builder) -> builder.addFilters(context.getBean("springSecurityFilterChain", Filter.class)).build());
	}

	/**
	 * @param subject the subject
	 * @param roles the roles claim
	 * @return claims of a valid token: issuer {@link #ISSUER}, expiring in 5 minutes
	 */
	static JWTClaimsSet.Builder claims(String subject, String... roles) {
		return new JWTClaimsSet.Builder().subject(subject)
			.issuer(ISSUER)
			.claim("roles", List.of(roles))
			.issueTime(new Date())
			.expirationTime(Date.from(Instant.now().plusSeconds(300)));
	}

	/**
	 * @param claims the claims
	 * @return them signed with HS256 and {@link #SECRET}
	 */
	static String hs256(JWTClaimsSet.Builder claims) {
		try {
			return sign(claims, new JWSHeader(JWSAlgorithm.HS256),
					new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param claims the claims
	 * @param header the JWS header
	 * @param signer the key
	 * @return the serialized signed token
	 */
	static String sign(JWTClaimsSet.Builder claims, JWSHeader header, JWSSigner signer) {
		SignedJWT jwt = new SignedJWT(header, claims.build());
		try {
			jwt.sign(signer);
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
		return jwt.serialize();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Probe.class)
	static class Endpoints {

		@Bean
		AdminEndpoints testEndpoints() {
			return AdminEndpoints.of(HttpMethod.POST, "/admin")
				.andAnyRole(HttpMethod.POST, "/compensate", ResourceServerSecurityAutoConfiguration.SERVICE_ROLE,
						ResourceServerSecurityAutoConfiguration.ADMIN_ROLE);
		}

	}

	@RestController
	static class Probe {

		@GetMapping("/me")
		String me(@CurrentUserId String userId) {
			return userId;
		}

		@PostMapping("/admin")
		String admin() {
			return "admin";
		}

		@PostMapping("/compensate")
		String compensate(@CurrentUserId String caller) {
			return caller;
		}

	}

}
