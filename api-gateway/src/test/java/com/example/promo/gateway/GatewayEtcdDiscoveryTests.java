package com.example.promo.gateway;

import com.example.promo.common.test.TestStack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
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

	private static final AtomicInteger received = new AtomicInteger();

	private static final HttpServer couponService = start();

	private static final Client etcd = Client.builder().endpoints(TestStack.etcdEndpoint()).build();

	@Autowired
	private WebTestClient client;

	@LocalServerPort
	private int port;

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				received.incrementAndGet();
				byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				exchange.getResponseBody().write(body);
				exchange.close();
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@DynamicPropertySource
	static void etcdOn(DynamicPropertyRegistry registry) {
		registry.add("promo.discovery.etcd.enabled", () -> "true");
		registry.add("promo.discovery.etcd.prefix", () -> PREFIX);
		// Ignored with etcd on: were it used, requests would reach the stand-in without
		// its key.
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri",
				() -> "http://127.0.0.1:" + couponService.getAddress().getPort());
	}

	@AfterAll
	static void stop() throws Exception {
		couponService.stop(0);
		etcd.getKVClient()
			.delete(bytes(PREFIX), DeleteOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS);
		etcd.close();
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
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
		assertThat(received).hasValue(0);

		int stubPort = couponService.getAddress().getPort();
		String key = PREFIX + "coupon-service/127.0.0.1:" + stubPort;
		etcd.getKVClient()
			.put(bytes(key), bytes("{\"host\":\"127.0.0.1\",\"port\":" + stubPort + ",\"metadata\":{}}"))
			.get(5, TimeUnit.SECONDS);

		await().atMost(Duration.ofSeconds(5)).until(this::status, (status) -> status == 200);
		assertThat(received.get()).isPositive();

		etcd.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(this::status, (status) -> status == 503);
		int before = received.get();
		this.client.get()
			.uri("/api/coupons/1")
			.header("Authorization", EdgeTokens.bearer("discovery-test"))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("SERVICE_UNAVAILABLE");
		assertThat(received).hasValue(before);
	}

	@Test
	void registersItself() throws Exception {
		String key = PREFIX + "api-gateway/127.0.0.1:" + this.port;
		await().atMost(Duration.ofSeconds(5))
			.until(() -> etcd.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getCount(), (count) -> count == 1);
	}

}
