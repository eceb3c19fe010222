package com.example.promo.coupon;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code promo.api-docs.enabled} on (the default): the API docs, without a token.
 */
class ApiDocsTests extends IntegrationTestSupport {

	@Test
	void servesTheOpenApiDocumentAndSwaggerUiToAnonymousCallers() {
		Response document = call("GET", "/v3/api-docs", null, null);
		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").has("/api/coupons/{couponId}/issue")).isTrue();
		assertThat(call("GET", "/swagger-ui/index.html", null, null).status()).isEqualTo(200);
	}

}
