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
 * Redis unreachable (nothing listens on its port): the rate limiter fails open, so the
 * edge keeps serving, unlimited, rather than refusing everyone.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.data.redis.port=9", "promo.gateway.rate-limit.burst-capacity=2",
				"promo.gateway.rate-limit.replenish-rate=1" })
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class EdgeRateLimitRedisDownTests {

	private static final ServiceStub services = new ServiceStub();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", services::uri);
	}

	@AfterAll
	static void stop() {
		services.close();
	}

	@Test
	void letsRequestsThroughWhenRedisIsDown() {
		String bearer = EdgeTokens.bearer("redis-down-user");
		for (int i = 0; i < 6; i++) {
			this.client.get()
				.uri("/api/coupons/me")
				.header("Authorization", bearer)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-RateLimit-Remaining", "-1");
		}
		assertThat(services.received()).hasSize(6);
	}

}
