package com.example.promo.gateway;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator only on the management port, with health (and its probes), info and
 * prometheus; nothing of it on the public port, and no {@code gateway} endpoint anywhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.cloud.discovery.client.simple.instances.coupon-service[0].uri=http://127.0.0.1:9")
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayManagementTests {

	private static final String[] ACTUATOR_PATHS = { "/actuator", "/actuator/health", "/actuator/health/readiness",
			"/actuator/info", "/actuator/prometheus", "/actuator/gateway", "/actuator/gateway/routes",
			"/actuator/env" };

	@Autowired
	private WebTestClient client;

	@LocalManagementPort
	private int managementPort;

	@Value("${management.server.address}")
	private String managementAddress;

	@Test
	void servesNothingOfTheActuatorOnThePublicPort() {
		for (String path : ACTUATOR_PATHS) {
			this.client.get().uri(path).exchange().expectStatus().isNotFound();
		}
		this.client.post()
			.uri("/actuator/gateway/routes/evil")
			.bodyValue("{\"uri\":\"http://example.org\"}")
			.exchange()
			.expectStatus()
			.isNotFound();
	}

	@Test
	void servesHealthProbesAndPrometheusOnTheManagementPortOnLoopback() {
		WebTestClient management = management();
		management.get().uri("/actuator/health").exchange().expectStatus().isOk();
		management.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		management.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP");
		management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
		assertThat(this.managementPort).isPositive();
		assertThat(this.managementAddress).isEqualTo("127.0.0.1");
	}

	@Test
	void exposesNoGatewayEndpointOnTheManagementPort() {
		WebTestClient management = management();
		String links = management.get()
			.uri("/actuator")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(links).contains("\"health\"", "\"prometheus\"").doesNotContain("gateway", "\"env\"");
		management.get().uri("/actuator/gateway/routes").exchange().expectStatus().isNotFound();
		management.post()
			.uri("/actuator/gateway/routes/evil")
			.bodyValue("{\"uri\":\"http://example.org\"}")
			.exchange()
			.expectStatus()
			.isNotFound();
		management.get().uri("/actuator/env").exchange().expectStatus().isNotFound();
	}

	private WebTestClient management() {
		// The first Prometheus scrape can take seconds on a busy machine: more than the
		// client's default 5 s.
		return WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + this.managementPort)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

}
