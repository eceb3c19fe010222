package com.example.promo.gateway;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time limiter is per route: coupon-service's own
 * {@code resilience4j.timelimiter.instances.coupon-service.timeout-duration} (300 ms)
 * answers 504 long before the default (20 s) would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "resilience4j.timelimiter.configs.default.timeout-duration=20s",
				"resilience4j.timelimiter.instances.coupon-service.timeout-duration=300ms" })
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("test")
class GatewayRouteTimeLimiterTests {

	private static final ServiceStub slowService = ServiceStub.holdingAnswers();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void slowServices(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", slowService::uri);
	}

	@AfterAll
	static void stop() {
		slowService.close();
	}

	@Test
	void timesOutAfterTheRoutesOwnLimit() {
		long started = System.nanoTime();
		this.client.get()
			.uri("/api/coupons/me")
			.header("Authorization", EdgeTokens.bearer("slow-user"))
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UPSTREAM_TIMEOUT");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

}
