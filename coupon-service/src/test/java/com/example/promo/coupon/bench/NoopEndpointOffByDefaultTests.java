package com.example.promo.coupon.bench;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Without the {@code bench} profile the no-op endpoint does not exist. */
class NoopEndpointOffByDefaultTests extends IntegrationTestSupport {

	@Test
	void isNotServedWithoutTheBenchProfile() {
		long couponId = createCoupon(5, 1);

		Response noop = call("POST", "/api/coupons/" + couponId + "/noop", "noop-user", null);

		assertThat(noop.status()).isEqualTo(404);
		assertThat(noop.code()).isEqualTo("NOT_FOUND");
	}

}
