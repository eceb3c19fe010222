package com.example.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
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
 * Routing through the real gateway to a stand-in for coupon-service (a plain JDK HTTP
 * server that records what reached it), and to a port where nothing listens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayRoutingTests {

	private static final Map<String, String> received = new ConcurrentHashMap<>();

	private static final String TOKEN_1 = EdgeTokens.bearer("user-1");

	private static final String TOKEN_2 = EdgeTokens.bearer("user-2");

	private static final String TOKEN_3 = EdgeTokens.bearer("user-3");

	private static final HttpServer couponService = start();

	@Autowired
	private WebTestClient client;

	private static HttpServer start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/", (exchange) -> {
				received.put("path", exchange.getRequestURI().toString());
				received.put("authorization", String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
				received.put("requestId", String.valueOf(exchange.getRequestHeaders().getFirst("X-Request-Id")));
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
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri",
				() -> "http://127.0.0.1:" + couponService.getAddress().getPort());
		// The same stand-in answers for point-service: what reached it tells the route.
		registry.add("spring.cloud.discovery.client.simple.instances.point-service[0].uri",
				() -> "http://127.0.0.1:" + couponService.getAddress().getPort());
		registry.add("spring.cloud.discovery.client.simple.instances.timesale-service[0].uri",
				() -> "http://127.0.0.1:" + couponService.getAddress().getPort());
	}

	@AfterAll
	static void stop() {
		couponService.stop(0);
	}

	@BeforeEach
	void forget() {
		received.clear();
	}

	@Test
	void routesCouponRequestsWithTheAuthorizationHeaderAndANewRequestId() {
		String requestId = this.client.get()
			.uri("/api/coupons/42?x=1")
			.header("Authorization", TOKEN_1)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.json("{\"id\":1}")
			.returnResult()
			.getResponseHeaders()
			.getFirst("X-Request-Id");

		assertThat(received).containsEntry("path", "/api/coupons/42?x=1").containsEntry("authorization", TOKEN_1);
		assertThat(requestId).isNotBlank().isEqualTo(received.get("requestId"));
	}

	@Test
	void routesPointRequests() {
		this.client.post()
			.uri("/api/points/use?strategy=v3")
			.header("Authorization", TOKEN_2)
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(received).containsEntry("path", "/api/points/use?strategy=v3")
			.containsEntry("authorization", TOKEN_2);
	}

	@Test
	void routesTimesaleRequests() {
		this.client.post()
			.uri("/api/timesales/7/orders?strategy=v3")
			.header("Authorization", TOKEN_3)
			.exchange()
			.expectStatus()
			.isOk();

		assertThat(received).containsEntry("path", "/api/timesales/7/orders?strategy=v3")
			.containsEntry("authorization", TOKEN_3);
	}

	@Test
	void keepsAWellFormedRequestIdAndReplacesAMalformedOne() {
		this.client.post()
			.uri("/api/coupons/1/issue")
			.header("Authorization", TOKEN_1)
			.header("X-Request-Id", "trace-7")
			.exchange()
			.expectHeader()
			.valueEquals("X-Request-Id", "trace-7");
		assertThat(received).containsEntry("requestId", "trace-7");

		this.client.post()
			.uri("/api/coupons/1/issue")
			.header("Authorization", TOKEN_1)
			.header("X-Request-Id", "bad id;drop table")
			.exchange();
		assertThat(received.get("requestId")).isNotEqualTo("bad id;drop table").hasSize(36);
	}

	@Test
	void servesEachServicesApiDocsForTheAggregatedSwaggerUi() {
		this.client.get().uri("/api/docs/coupon-service/v3/api-docs").exchange().expectStatus().isOk();

		assertThat(received).containsEntry("path", "/v3/api-docs");
		this.client.get()
			.uri("/api/docs/v3/api-docs/swagger-config")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.urls[*].url")
			.isEqualTo(List.of("/api/docs/coupon-service/v3/api-docs", "/api/docs/point-service/v3/api-docs",
					"/api/docs/timesale-service/v3/api-docs"));
		for (String service : List.of("point-service", "timesale-service")) {
			received.clear();
			this.client.get().uri("/api/docs/" + service + "/v3/api-docs").exchange().expectStatus().isOk();
			assertThat(received).containsEntry("path", "/v3/api-docs");
		}
	}

	@Test
	void passesABurstOfConcurrentRequestsWithoutShedding() throws Exception {
		int burst = 200;
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> statuses = new ArrayList<>();
			for (int i = 0; i < burst; i++) {
				// Many users at once, as in a flash sale: each within its own rate limit.
				String bearer = EdgeTokens.bearer("burst-user-" + i);
				statuses.add(threads.submit(() -> {
					start.await();
					return this.client.post()
						.uri("/api/coupons/1/issue")
						.header("Authorization", bearer)
						.exchange()
						.returnResult(String.class)
						.getStatus()
						.value();
				}));
			}
			start.countDown();
			for (Future<Integer> status : statuses) {
				assertThat(status.get()).isEqualTo(200);
			}
		}
	}

	@Test
	void doesNotRouteOtherPaths() {
		this.client.get().uri("/api/unknown").header("Authorization", TOKEN_1).exchange().expectStatus().isNotFound();
		assertThat(received).isEmpty();
	}

}
