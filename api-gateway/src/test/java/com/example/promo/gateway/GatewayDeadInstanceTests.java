package com.example.promo.gateway;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of coupon-service, one dead (nothing listens on its port, as after a
 * {@code kill -9} while its etcd key still lives): requests balanced to it are retried on
 * the live one with their body, the dead one is left out after its first refusal, and a
 * request that reached an instance is never sent twice.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayDeadInstanceTests {

	private static final ServiceStub live = new ServiceStub();

	@Autowired
	private WebTestClient client;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void instances(DynamicPropertyRegistry registry) {
		registry.add("spring.cloud.discovery.client.simple.instances.timesale-service[0].uri",
				() -> "http://127.0.0.1:9");
		registry.add("spring.cloud.discovery.client.simple.instances.timesale-service[1].uri", live::uri);
	}

	@AfterAll
	static void stop() {
		live.close();
	}

	@BeforeEach
	void reset() {
		live.clear();
		live.answer(200);
	}

	@Test
	void everyRequestIsServedByTheLiveInstanceAndTheDeadOneIsLeftOut() {
		List<Integer> statuses = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			statuses.add(order(i));
		}

		assertThat(statuses).containsOnly(200);
		assertThat(live.received()).hasSize(20);
		assertThat(live.received()).allSatisfy((request) -> assertThat(request.body()).contains("\"quantity\":1"));
		assertThat(live.received()).extracting(ServiceStub.Received::path)
			.containsOnly("/api/timesales/7/orders?strategy=v2");
		assertThat(this.meters.counter("promo.gateway.instance.ejections", "service", "timesale-service").count())
			.as("the dead instance ejected once, not tried again within the ejection time")
			.isEqualTo(1.0);
	}

	@Test
	void anAnswerFromAnInstanceIsNeverRetried() {
		live.answer(500);
		for (int i = 0; i < 6; i++) {
			assertThat(order(100 + i)).isEqualTo(500);
		}
		assertThat(live.received()).as("each request reached an instance once").hasSize(6);
	}

	private int order(int user) {
		return this.client.post()
			.uri("/api/timesales/7/orders?strategy=v2")
			.header("Authorization", EdgeTokens.bearer("user-" + user))
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"quantity\":1}")
			.exchange()
			.returnResult(String.class)
			.getStatus()
			.value();
	}

}
