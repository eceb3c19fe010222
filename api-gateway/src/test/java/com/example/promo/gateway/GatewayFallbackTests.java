package com.example.promo.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/** coupon-service down (nothing listens on its port): a 503 problem, not a raw error. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.cloud.discovery.client.simple.instances.coupon-service[0].uri=http://127.0.0.1:9")
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayFallbackTests {

	@Autowired
	private WebTestClient client;

	@Test
	void answersAServiceUnavailableProblemWhenCouponServiceIsDown() {
		this.client.post()
			.uri("/api/coupons/1/issue")
			.header("Authorization", EdgeTokens.bearer("user-1"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("X-Request-Id")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SERVICE_UNAVAILABLE");
	}

}
