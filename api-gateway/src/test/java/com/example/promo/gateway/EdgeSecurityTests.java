package com.example.promo.gateway;

import java.time.Instant;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JWT at the edge, through the real gateway to a stand-in for the services: who gets
 * through, who is refused before any routing, and which headers reach the service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class EdgeSecurityTests {

	private static final ServiceStub services = new ServiceStub();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", services::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.point-service[0].uri", services::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.timesale-service[0].uri", services::uri);
	}

	@AfterAll
	static void stop() {
		services.close();
	}

	@BeforeEach
	void forget() {
		services.clear();
	}

	@Test
	void removesClientSentIdentityHeadersAndPassesTheToken() {
		String bearer = EdgeTokens.bearer("alice");
		this.client.get()
			.uri("/api/points/me")
			.header("Authorization", bearer)
			.header("X-User-Id", "admin")
			.header("X-User-Roles", "ADMIN")
			.header("x-auth-request-user", "admin")
			.header("X-Forwarded-User", "admin")
			.header("X-Remote-User", "admin")
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(services.received()).singleElement().satisfies((request) -> {
			assertThat(request.path()).isEqualTo("/api/points/me");
			assertThat(request.header("Authorization")).isEqualTo(bearer);
			for (String spoofed : new String[] { "X-User-Id", "X-User-Roles", "X-Auth-Request-User", "X-Forwarded-User",
					"X-Remote-User" }) {
				assertThat(request.header(spoofed)).as(spoofed).isNull();
			}
		});
	}

	@Test
	void refusesMissingAndInvalidTokensWithAProblemBeforeRouting() {
		Instant inAnHour = Instant.now().plusSeconds(3600);
		String[] invalid = { null, "not-a-jwt",
				EdgeTokens.sign("another-secret-of-at-least-32-bytes-000000", EdgeTokens.ISSUER, "mallory", inAnHour,
						"ADMIN"),
				EdgeTokens.sign(EdgeTokens.SECRET, EdgeTokens.ISSUER, "alice", Instant.now().minusSeconds(600)),
				EdgeTokens.sign(EdgeTokens.SECRET, "someone-else", "alice", inAnHour),
				EdgeTokens.sign(EdgeTokens.SECRET, EdgeTokens.ISSUER, "alice", null), EdgeTokens.unsigned("mallory") };
		for (String token : invalid) {
			WebTestClient.RequestHeadersSpec<?> request = this.client.post()
				.uri("/api/coupons/1/issue")
				.header("X-User-Id", "alice");
			if (token != null) {
				request = request.header("Authorization", "Bearer " + token);
			}
			request.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.status")
				.isEqualTo(401)
				.jsonPath("$.code")
				.isEqualTo("UNAUTHORIZED");
		}
		assertThat(services.received()).isEmpty();
	}

	@Test
	void refusesServiceTokensAtTheEdge() {
		for (String subject : new String[] { "timesale-service", "alice" }) {
			this.client.post()
				.uri("/api/points/uses/o-1/cancel")
				.header("Authorization", EdgeTokens.bearer(subject, "SERVICE"))
				.exchange()
				.expectStatus()
				.isForbidden()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.code")
				.isEqualTo("FORBIDDEN");
		}
		assertThat(services.received()).isEmpty();
	}

	@Test
	void passesAdminAndUserTokens() {
		this.client.post()
			.uri("/api/timesales/products")
			.header("Authorization", EdgeTokens.bearer("admin", "ADMIN"))
			.exchange()
			.expectStatus()
			.isOk();
		this.client.get()
			.uri("/api/coupons/me")
			.header("Authorization", EdgeTokens.bearer("bob"))
			.exchange()
			.expectStatus()
			.isOk();
		assertThat(services.received()).extracting(ServiceStub.Received::path)
			.containsExactly("/api/timesales/products", "/api/coupons/me");
	}

	@Test
	void servesTheApiDocsWithoutATokenWhileEnabled() {
		this.client.get().uri("/api/docs/point-service/v3/api-docs").exchange().expectStatus().isOk();
		this.client.get().uri("/api/docs/v3/api-docs/swagger-config").exchange().expectStatus().isOk();
		this.client.get().uri("/api/docs").exchange().expectStatus().isFound();
		this.client.get().uri("/api/swagger-ui/index.html").exchange().expectStatus().isOk();
		assertThat(services.received()).extracting(ServiceStub.Received::path).containsExactly("/v3/api-docs");
	}

	@Test
	void keepsTheFallbackAndEverythingElseBehindTheToken() {
		for (String path : new String[] { "/fallback/coupon-service", "/api/unknown", "/" }) {
			this.client.get().uri(path).exchange().expectStatus().isUnauthorized();
		}
		assertThat(services.received()).isEmpty();
	}

}
