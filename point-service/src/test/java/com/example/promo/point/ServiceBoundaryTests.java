package com.example.promo.point;

import org.junit.jupiter.api.Test;

import com.example.promo.point.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What point-service shows on its ports: the API and its docs on the public port, the
 * actuator (health probes, Prometheus) only on the management port, no endpoint without a
 * token but the docs, the admin endpoints of its async work (dead letters, gates) to
 * admins only.
 */
class ServiceBoundaryTests extends IntegrationTestSupport {

	@Test
	void keepsTheActuatorOffThePublicPort() {
		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator/env" }) {
			assertThat(call("GET", path, "admin", null).status()).as(path).isEqualTo(404);
		}
		assertThat(callManagement("/actuator/health/readiness").json().get("status").asString()).isEqualTo("UP");
		assertThat(callManagement("/actuator/prometheus").body()).contains("promo_points_expired_total");
		assertThat(callManagement("/actuator/env").status()).isEqualTo(404);
	}

	@Test
	void documentsThePointsApiForAnonymousCallersAndNothingElse() {
		Response document = call("GET", "/v3/api-docs", null, null);
		assertThat(document.status()).isEqualTo(200);
		assertThat(document.json().get("paths").propertyNames()).contains("/api/points/me", "/api/points/use",
				"/api/points/uses/{orderId}/cancel", "/api/points/grants", "/api/points/promotions/{id}/join",
				"/api/points/requests/{requestId}");
		assertThat(call("GET", "/api/points/me", null, null).status()).isEqualTo(401);
	}

	@Test
	void servesTheAdminEndpointsForAsyncWorkToAdminsOnly() {
		assertThat(call("GET", "/api/points/admin/dead-letters", "admin", null).status()).isEqualTo(200);
		assertThat(call("GET", "/api/points/admin/dead-letters", "alice", null).status()).isEqualTo(403);
		assertThat(call("GET", "/api/points/admin/gates/alice?resource=point-use", "alice", null).status())
			.isEqualTo(403);
	}

}
