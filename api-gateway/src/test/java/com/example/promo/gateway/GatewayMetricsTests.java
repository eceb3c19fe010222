package com.example.promo.gateway;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the dashboard reads from the gateway: the per-route timer
 * {@code spring.cloud.gateway.requests} counts each routed request once, with histogram
 * buckets for its p99; instance ejections exist at zero for every routed service.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayMetricsTests {

	private static final ServiceStub couponService = new ServiceStub();

	@Autowired
	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	@LocalManagementPort
	private int managementPort;

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", couponService::uri);
	}

	@AfterAll
	static void stop() {
		couponService.close();
	}

	private long routed(String routeId) {
		return this.meters.find("spring.cloud.gateway.requests")
			.tag("routeId", routeId)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	@Test
	void timesEachRoutedRequestOncePerRouteWithHistogramBuckets() {
		long before = routed("coupon-service");

		for (int i = 0; i < 5; i++) {
			this.client.get()
				.uri("/api/coupons/" + i)
				.header("Authorization", EdgeTokens.bearer("metrics-user"))
				.exchange()
				.expectStatus()
				.isOk();
		}

		await().atMost(Duration.ofSeconds(10)).until(() -> routed("coupon-service") - before == 5);
		assertThat(routed("coupon-service") - before).isEqualTo(5);
		assertThat(scrape()).containsPattern(
				"spring_cloud_gateway_requests_seconds_bucket\\{[^}]*application=\"api-gateway\"[^}]*routeId=\"coupon-service\"")
			.contains(
					"promo_gateway_instance_ejections_total{application=\"api-gateway\",service=\"point-service\"} 0.0")
			.contains(
					"promo_gateway_instance_ejections_total{application=\"api-gateway\",service=\"timesale-service\"} 0.0");
	}

	private String scrape() {
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
