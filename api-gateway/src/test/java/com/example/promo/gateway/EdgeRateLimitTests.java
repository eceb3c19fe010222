package com.example.promo.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-user rate limits on the real Redis: one user's flood is refused with
 * {@code 429 RATE_LIMITED} problems while another user is served, and a route's own limit
 * applies to that route only. Each run uses new user ids, so no bucket of an earlier run
 * counts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.gateway.rate-limit.routes.point-service.replenish-rate=1",
				"promo.gateway.rate-limit.routes.point-service.burst-capacity=5" })
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class EdgeRateLimitTests {

	private static final ServiceStub services = new ServiceStub();

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	private WebTestClient client;

	@DynamicPropertySource
	static void routes(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.coupon-service[0].uri", services::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.point-service[0].uri", services::uri);
		registry.add("spring.cloud.discovery.client.simple.instances.timesale-service[0].uri", services::uri);
	}

	@AfterAll
	static void stop() {
		services.close();
	}

	@Test
	void refusesOneUsersFloodWithProblemsWhileAnotherUserIsServed() throws Exception {
		String flooder = "flooder-" + this.run;
		String neighbour = "neighbour-" + this.run;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<EntityExchangeResult<String>>> flood = new ArrayList<>();
		List<Future<EntityExchangeResult<String>>> served = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 100; i++) {
				flood.add(threads.submit(() -> send(start, "/api/coupons/1/issue", flooder)));
			}
			for (int i = 0; i < 10; i++) {
				served.add(threads.submit(() -> send(start, "/api/coupons/1/issue", neighbour)));
			}
			start.countDown();
		}
		int ok = 0;
		int refused = 0;
		for (Future<EntityExchangeResult<String>> result : flood) {
			EntityExchangeResult<String> response = result.get();
			if (response.getStatus().value() == 200) {
				ok++;
				continue;
			}
			refused++;
			assertThat(response.getStatus().value()).isEqualTo(429);
			HttpHeaders headers = response.getResponseHeaders();
			assertThat(headers.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(headers.getFirst("Retry-After")).isEqualTo("1");
			assertThat(headers.getFirst("X-RateLimit-Remaining")).isEqualTo("0");
			assertThat(headers.getFirst("X-RateLimit-Replenish-Rate")).isEqualTo("20");
			assertThat(headers.getFirst("X-RateLimit-Burst-Capacity")).isEqualTo("40");
			assertThat(headers.getFirst("X-RateLimit-Requested-Tokens")).isEqualTo("1");
			assertThat(response.getResponseBody()).contains("\"code\":\"RATE_LIMITED\"").contains("\"status\":429");
		}
		// The burst of 40, and what the bucket refilled (20 a second) while the flood
		// lasted.
		assertThat(ok).isBetween(40, 70);
		assertThat(refused).isEqualTo(100 - ok);
		for (Future<EntityExchangeResult<String>> result : served) {
			assertThat(result.get().getStatus().value()).isEqualTo(200);
		}
		assertThat(services.received().stream().filter((request) -> request.path().equals("/api/coupons/1/issue")))
			.hasSize(ok + served.size());
	}

	@Test
	void leavesAdminsUnlimited() throws Exception {
		String admin = "operator-" + this.run;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<EntityExchangeResult<String>>> grants = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 100; i++) {
				grants.add(threads.submit(() -> send(start, "/api/points/grants", admin, "ADMIN")));
			}
			start.countDown();
		}
		for (Future<EntityExchangeResult<String>> result : grants) {
			assertThat(result.get().getStatus().value()).isEqualTo(200);
		}
	}

	@Test
	void appliesARoutesOwnLimitToThatRouteOnly() throws Exception {
		String user = "per-route-" + this.run;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<EntityExchangeResult<String>>> points = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 20; i++) {
				points.add(threads.submit(() -> send(start, "/api/points/me", user)));
			}
			start.countDown();
		}
		long ok = 0;
		for (Future<EntityExchangeResult<String>> result : points) {
			EntityExchangeResult<String> response = result.get();
			if (response.getStatus().value() == 200) {
				ok++;
			}
			else {
				assertThat(response.getStatus().value()).isEqualTo(429);
				assertThat(response.getResponseHeaders().getFirst("X-RateLimit-Burst-Capacity")).isEqualTo("5");
				assertThat(response.getResponseHeaders().getFirst("X-RateLimit-Replenish-Rate")).isEqualTo("1");
			}
		}
		assertThat(ok).isBetween(5L, 7L);
		// The same user on another route has that route's own, untouched bucket.
		for (int i = 0; i < 10; i++) {
			this.client.get()
				.uri("/api/timesales")
				.header("Authorization", EdgeTokens.bearer(user))
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-RateLimit-Burst-Capacity", "40");
		}
	}

	private EntityExchangeResult<String> send(CountDownLatch start, String path, String user, String... roles)
			throws InterruptedException {
		String bearer = EdgeTokens.bearer(user, roles);
		start.await();
		return this.client.post()
			.uri(path)
			.header("Authorization", bearer)
			.exchange()
			.expectBody(String.class)
			.returnResult();
	}

}
