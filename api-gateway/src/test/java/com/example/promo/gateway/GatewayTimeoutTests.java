package com.example.promo.gateway;

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
 * coupon-service takes longer than the route's time limit: the caller learns that the
 * outcome is unknown and how to find it out, never that nothing was done.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "resilience4j.timelimiter.configs.default.timeout-duration=300ms")
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayTimeoutTests {

	private static final ServiceStub slowService = ServiceStub.holdingAnswers();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void slowCouponService(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", slowService::uri);
	}

	@AfterAll
	static void stop() {
		slowService.close();
	}

	@Test
	void aTimedOutRequestIsAnUnknownOutcomeToRetryWithTheSameKey() {
		this.client.post()
			.uri("/api/coupons/1/issue")
			.header("Authorization", EdgeTokens.bearer("user-1"))
			.header("Idempotency-Key", "k-1")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UPSTREAM_TIMEOUT")
			.jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("outcome is unknown")
				.contains("same Idempotency-Key")
				.doesNotContain("nothing was done"));
	}

}
