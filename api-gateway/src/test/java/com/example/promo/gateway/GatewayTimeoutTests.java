package com.example.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * coupon-service takes longer than the route's time limit: the caller learns that the
 * outcome is unknown and how to find it out, never that nothing was done.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "resilience4j.timelimiter.configs.default.timeout-duration=300ms")
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayTimeoutTests {

	private static final HttpServer slowService = slowService();

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void slowCouponService(DynamicPropertyRegistry registry) {
		registry.add("promo.services.coupon-service", () -> "http://127.0.0.1:" + slowService.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		slowService.stop(0);
	}

	@Test
	void aTimedOutRequestIsAnUnknownOutcomeToRetryWithTheSameKey() {
		this.client.post()
			.uri("/api/coupons/1/issue")
			.header("Idempotency-Key", "k-1")
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("UPSTREAM_TIMEOUT")
			.jsonPath("$.detail")
			.value((String detail) -> org.assertj.core.api.Assertions.assertThat(detail)
				.contains("outcome is unknown")
				.contains("same Idempotency-Key")
				.doesNotContain("nothing was done"));
	}

	private static HttpServer slowService() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				try {
					Thread.sleep(2_000);
					exchange.sendResponseHeaders(201, -1);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				finally {
					exchange.close();
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
