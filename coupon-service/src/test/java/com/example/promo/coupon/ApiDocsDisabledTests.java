package com.example.promo.coupon;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code promo.api-docs.enabled=false} (production): no OpenAPI document and no Swagger
 * UI, and their paths need a token like any other.
 */
@TestPropertySource(properties = "promo.api-docs.enabled=false")
@DirtiesContext
class ApiDocsDisabledTests extends IntegrationTestSupport {

	private static final String[] PATHS = { "/v3/api-docs", "/v3/api-docs/swagger-config", "/swagger-ui.html",
			"/swagger-ui/index.html" };

	@Test
	void answersNotFoundForTheApiDocsAndSwaggerUi() {
		for (String path : PATHS) {
			assertThat(call("GET", path, "docs-reader", null).status()).as(path).isEqualTo(404);
		}
	}

	@Test
	void doesNotLetAnonymousCallersReachTheirPaths() {
		for (String path : PATHS) {
			assertThat(call("GET", path, null, null).status()).as(path).isEqualTo(401);
		}
	}

}
