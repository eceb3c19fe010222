package com.example.promo.coupon.bench;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/** The no-op ceiling of the benchmark, served with the {@code bench} profile. */
@ActiveProfiles("bench")
@DirtiesContext
class NoopEndpointTests extends IntegrationTestSupport {

	@Test
	void answersAnAuthenticatedCallerAndTouchesNothing() {
		long couponId = createCoupon(5, 1);

		Response noop = call("POST", "/api/coupons/" + couponId + "/noop", "noop-user", null);

		assertThat(noop.status()).isEqualTo(200);
		assertThat(noop.json().get("couponId").asLong()).isEqualTo(couponId);
		assertThat(noop.json().get("userId").asString()).isEqualTo("noop-user");
		assertThat(issuedRows(couponId)).isZero();
		assertThat(issuedQuantity(couponId)).isZero();
	}

	@Test
	void refusesAnAnonymousCaller() {
		assertThat(call("POST", "/api/coupons/1/noop", null, null).status()).isEqualTo(401);
	}

}
