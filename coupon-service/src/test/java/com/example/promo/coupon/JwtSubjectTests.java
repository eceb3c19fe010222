package com.example.promo.coupon;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JWT subject is the user id: one that no {@code user_id} column can hold is bad
 * input.
 */
class JwtSubjectTests extends IntegrationTestSupport {

	@Test
	void refusesASubjectLongerThanAUserIdNamingItAndWritesNothing() {
		long couponId = createCoupon(5, 1);
		String tooLong = "u".repeat(65);

		assertValidationFailed(call("POST", "/api/coupons/" + couponId + "/issue?strategy=v1", tooLong, null), "sub");
		assertValidationFailed(call("POST", "/api/coupons/" + couponId + "/issue?strategy=v3", tooLong, null), "sub");
		assertValidationFailed(call("GET", "/api/coupons/me", tooLong, null), "sub");
		assertThat(issuedRows(couponId)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from issue_request where coupon_id = ?", Integer.class,
				couponId))
			.isZero();
	}

	@Test
	void refusesABlankSubjectNamingIt() {
		assertValidationFailed(call("GET", "/api/coupons/me", " ", null), "sub");
	}

	@Test
	void acceptsASubjectOfExactlySixtyFourCharacters() {
		long couponId = createCoupon(5, 1);

		Response issued = call("POST", "/api/coupons/" + couponId + "/issue?strategy=v1", "u".repeat(64), null);

		assertThat(issued.status()).as(issued.body()).isEqualTo(201);
		assertThat(issuedRows(couponId)).isEqualTo(1);
	}

}
