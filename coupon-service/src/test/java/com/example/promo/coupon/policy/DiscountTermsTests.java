package com.example.promo.coupon.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DiscountTermsTests {

	@Test
	void fixedTakesItsAmountButNeverMoreThanTheOrder() {
		DiscountTerms terms = new DiscountTerms(DiscountType.FIXED, 3000, null, 0);

		assertThat(terms.discountFor(10_000)).isEqualTo(3000);
		assertThat(terms.discountFor(2_000)).isEqualTo(2000);
	}

	@Test
	void percentRoundsDownToWholeWon() {
		DiscountTerms terms = new DiscountTerms(DiscountType.PERCENT, 15, null, 0);

		assertThat(terms.discountFor(12_345)).isEqualTo(1851);
		assertThat(terms.discountFor(1)).isZero();
	}

	@Test
	void percentIsCappedByTheMaximumDiscount() {
		DiscountTerms terms = new DiscountTerms(DiscountType.PERCENT, 50, 5000L, 0);

		assertThat(terms.discountFor(8_000)).isEqualTo(4000);
		assertThat(terms.discountFor(1_000_000)).isEqualTo(5000);
	}

	@Test
	void hundredPercentTakesTheWholeOrder() {
		assertThat(new DiscountTerms(DiscountType.PERCENT, 100, null, 0).discountFor(9_990)).isEqualTo(9_990);
	}

	@Test
	void appliesFromTheMinimumOrderAmountInclusive() {
		DiscountTerms terms = new DiscountTerms(DiscountType.FIXED, 1000, null, 10_000);

		assertThat(terms.appliesTo(9_999)).isFalse();
		assertThat(terms.appliesTo(10_000)).isTrue();
		assertThat(terms.discountFor(10_000)).isEqualTo(1000);
		assertThatIllegalArgumentException().isThrownBy(() -> terms.discountFor(9_999));
	}

}
