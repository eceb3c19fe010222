package com.example.promo.coupon;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Actuator only on the management port, where health (with its probes), info and
 * prometheus answer without a token; nothing of it on the public port.
 */
class ManagementEndpointsTests extends IntegrationTestSupport {

	@Test
	void servesNothingOfTheActuatorOnThePublicPortWithOrWithoutAToken() {
		for (String path : new String[] { "/actuator", "/actuator/health", "/actuator/health/readiness",
				"/actuator/info", "/actuator/prometheus", "/actuator/metrics", "/actuator/env" }) {
			assertThat(call("GET", path, null, null).status()).as(path).isEqualTo(404);
			assertThat(call("GET", path, "admin", null).status()).as(path).isEqualTo(404);
		}
		assertThat(call("GET", "/actuator/health", null, null).code()).isEqualTo("NOT_FOUND");
	}

	@Test
	void servesHealthProbesAndPrometheusOnTheManagementPortWithoutAToken() {
		assertThat(this.managementPort).isNotEqualTo(this.port);
		for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
				"/actuator/health/readiness" }) {
			Response health = callManagement(path);
			assertThat(health.status()).as(path).isEqualTo(200);
			assertThat(health.json().get("status").asString()).isEqualTo("UP");
		}
		Response prometheus = callManagement("/actuator/prometheus");
		assertThat(prometheus.status()).isEqualTo(200);
		assertThat(prometheus.body()).contains("# TYPE jvm_memory_used_bytes gauge");
	}

	@Test
	void exposesNothingElseOnTheManagementPort() {
		for (String path : new String[] { "/actuator/metrics", "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/loggers" }) {
			assertThat(callManagement(path).status()).as(path).isEqualTo(404);
		}
	}

}
