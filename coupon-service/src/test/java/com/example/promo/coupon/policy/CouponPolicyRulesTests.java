package com.example.promo.coupon.policy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.common.error.InvalidFieldException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class CouponPolicyRulesTests {

	private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");

	private static CreateCouponRequest request(DiscountType type, long value, Long maxDiscount, int total,
			Integer perUser, Instant startsAt, Instant endsAt) {
		return new CreateCouponRequest("Promo", type, value, maxDiscount, null, total, perUser, startsAt, endsAt, 7);
	}

	private static CreateCouponRequest valid() {
		return request(DiscountType.PERCENT, 10, 5000L, 100, null, NOW, NOW.plus(Duration.ofHours(1)));
	}

	private static void assertRejects(CreateCouponRequest request, String field) {
		assertThatExceptionOfType(InvalidFieldException.class).isThrownBy(() -> CouponPolicyRules.check(request, NOW))
			.satisfies((ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	@Test
	void acceptsAValidPolicyAndDefaultsThePerUserLimitToOne() {
		assertThatCode(() -> CouponPolicyRules.check(valid(), NOW)).doesNotThrowAnyException();
		assertThat(valid().perUserLimitOrDefault()).isEqualTo(1);
		assertThat(valid().discountTerms().minOrderAmount()).isZero();
	}

	@Test
	void rejectsAPercentAboveHundred() {
		assertRejects(request(DiscountType.PERCENT, 101, null, 100, 1, NOW, NOW.plusSeconds(60)), "discountValue");
	}

	@Test
	void rejectsAMaximumDiscountOnAFixedDiscount() {
		assertRejects(request(DiscountType.FIXED, 1000, 500L, 100, 1, NOW, NOW.plusSeconds(60)), "maxDiscountAmount");
	}

	@Test
	void rejectsAPerUserLimitAboveTheTotal() {
		assertRejects(request(DiscountType.FIXED, 1000, null, 5, 6, NOW, NOW.plusSeconds(60)), "perUserLimit");
	}

	@Test
	void rejectsAWindowThatEndsBeforeItStarts() {
		assertRejects(request(DiscountType.FIXED, 1000, null, 5, 1, NOW, NOW), "issueEndsAt");
	}

	@Test
	void rejectsAWindowThatIsAlreadyOver() {
		assertRejects(request(DiscountType.FIXED, 1000, null, 5, 1, NOW.minusSeconds(120), NOW.minusSeconds(60)),
				"issueEndsAt");
	}

}
