package com.example.promo.timesale;

import org.junit.jupiter.api.Test;

import com.example.promo.timesale.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What timesale-service shows on its ports: the API and its docs on the public port, the
 * actuator (health probes, Prometheus) only on the management port, no endpoint without a
 * token but the docs, the admin endpoints (products, sales, kill switch, dead letters,
 * gates) to admins only.
 */
class ServiceBoundaryTests extends IntegrationTestSupport {

	@Test
	void keepsTheActuatorOffThePublicPort() {
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/env" }) {
			assertThat(call("GET", path, "admin", null).status()).as(path).isEqualTo(404);
		}
		assertThat(callManagement("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
		assertThat(callManagement("/actuator/prometheus").body()).contains("promo_timesale_holds_expired_total");
		assertThat(callManagement("/actuator/env").status()).isEqualTo(404);
	}

	@Test
	void documentsTheTimesaleApiForAnonymousCallersAndNothingElse() {
		Response document = call("GET", "/v3/api-docs", null, null);
		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").propertyNames()).contains("/api/timesales", "/api/timesales/{saleId}",
				"/api/timesales/{saleId}/status", "/api/timesales/products", "/api/timesales/products/{id}",
				"/api/timesales/{saleId}/orders", "/api/timesales/requests/{requestId}", "/api/timesales/orders/me",
				"/api/timesales/orders/{orderId}", "/api/timesales/orders/{orderId}/pay",
				"/api/timesales/orders/{orderId}/cancel", "/api/timesales/orders/{orderId}/refund");
		assertThat(call("GET", "/api/timesales/orders/me", null, null).status()).isEqualTo(401);
		assertThat(call("GET", "/api/timesales", null, null).status()).isEqualTo(401);
	}

	@Test
	void servesTheAdminEndpointsToAdminsOnly() {
		assertThat(call("GET", "/api/timesales/admin/dead-letters", "admin", null).status()).isEqualTo(200);
		assertThat(call("GET", "/api/timesales/admin/dead-letters", "alice", null).status()).isEqualTo(403);
		assertThat(call("GET", "/api/timesales/admin/gates/1", "alice", null).status()).isEqualTo(403);
		assertThat(call("POST", "/api/timesales/products", "alice", "{\"name\":\"x\",\"listPrice\":1}").status())
			.isEqualTo(403);
		assertThat(call("POST", "/api/timesales", "alice", "{}").status()).isEqualTo(403);
		assertThat(call("PATCH", "/api/timesales/1/status", "alice", "{\"status\":\"PAUSED\"}").status())
			.isEqualTo(403);
	}

}
