package com.example.promo.gateway;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * {@code promo.api-docs.enabled=false}: no Swagger UI and no API documents at the edge,
 * and their paths are not public either (401 without a token, 404 with one).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "promo.api-docs.enabled=false",
				"spring.cloud.discovery.client.simple.instances.coupon-service[0].uri=http://127.0.0.1:9" })
@AutoConfigureWebTestClient
@ActiveProfiles("test")
class GatewayApiDocsDisabledTests {

	@Autowired
	private WebTestClient client;

	@Test
	void answersUnauthorizedWithoutATokenAndNotFoundWithOneForTheSwaggerUiAndEveryApiDocument() {
		for (String path : new String[] { "/api/docs", "/api/docs/", "/api/docs/index.html", "/api/docs/v3/api-docs",
				"/api/docs/v3/api-docs/swagger-config", "/api/docs/coupon-service/v3/api-docs",
				"/api/docs/point-service/v3/api-docs", "/api/docs/timesale-service/v3/api-docs",
				"/api/swagger-ui/index.html", "/swagger-ui.html", "/v3/api-docs" }) {
			// Not public any more: a token is needed, and then there is nothing there.
			this.client.get().uri(path).exchange().expectStatus().isUnauthorized();
			this.client.get()
				.uri(path)
				.header("Authorization", EdgeTokens.bearer("user-1"))
				.exchange()
				.expectStatus()
				.isNotFound();
		}
	}

}
