package com.example.promo.gateway;

import com.example.promo.common.test.EtcdTestSupport;
import com.example.promo.common.test.TestStack;

import java.time.Duration;
import java.util.UUID;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway with etcd discovery on, against the real etcd
 * ({@link TestStack#etcdEndpoint()}) under a key prefix of this run's own: a stand-in for
 * coupon-service registered in etcd is routed to; once its key is gone the gateway stops
 * routing to it within seconds (503 from the fallback); the gateway registers itself.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayEtcdDiscoveryTests {

	private static final String PREFIX = "/test-gateway/" + UUID.randomUUID() + "/";

	private static final ServiceStub couponService = new ServiceStub();

	private static final Client etcd = EtcdTestSupport.client();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void etcdOn(DynamicPropertyRegistry registry) {
		registry.add("promo.discovery.etcd.enabled", () -> "true");
		registry.add("promo.discovery.etcd.prefix", () -> PREFIX);
		// Ignored with etcd on: were it used, requests would reach the stand-in without
		// its key.
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", couponService::uri);
	}

	@AfterAll
	static void stop() throws Exception {
		couponService.close();
		EtcdTestSupport.deletePrefix(etcd, PREFIX);
		etcd.close();
	}

	private int status() {
		return this.client.get()
			.uri("/api/coupons/1")
			.header("Authorization", EdgeTokens.bearer("discovery-test"))
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

	@Test
	void routesToTheInstanceInEtcdAndStopsOnceItsKeyIsGone() throws Exception {
		assertThat(status()).as("no instance registered yet").isEqualTo(503);
		assertThat(couponService.received()).isEmpty();

		int stubPort = couponService.port();
		String key = PREFIX + "coupon-service/127.0.0.1:" + stubPort;
		EtcdTestSupport.put(etcd, key, "{\"host\":\"127.0.0.1\",\"port\":" + stubPort + ",\"metadata\":{}}");

		await().atMost(Duration.ofSeconds(5)).until(this::status, (status) -> status == 200);
		assertThat(couponService.received()).isNotEmpty();

		EtcdTestSupport.delete(etcd, key);
		await().atMost(Duration.ofSeconds(5)).until(this::status, (status) -> status == 503);
		int before = couponService.received().size();
		this.client.get()
			.uri("/api/coupons/1")
			.header("Authorization", EdgeTokens.bearer("discovery-test"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(couponService.received()).hasSize(before);
	}

	@Test
	void registersItself() throws Exception {
		String key = PREFIX + "api-gateway/127.0.0.1:" + this.port;
		await().atMost(Duration.ofSeconds(5)).until(() -> EtcdTestSupport.get(etcd, key) != null);
	}

}
