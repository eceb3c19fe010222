package com.example.promo.coupon.policy;

import java.math.BigInteger;

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
	void percentOfAnyOrderAmountIsExactWithoutOverflow() {
		for (long percent : new long[] { 1, 15, 99, 100 }) {
			DiscountTerms terms = new DiscountTerms(DiscountType.PERCENT, percent, null, 0);
			for (long amount : new long[] { Long.MAX_VALUE, Long.MAX_VALUE - 1, 1_000_000_000_000L,
					92_233_720_368_547_758L, 12_345, 99, 0 }) {
				long expected = BigInteger.valueOf(amount)
					.multiply(BigInteger.valueOf(percent))
					.divide(BigInteger.valueOf(100))
					.longValueExact();
				assertThat(terms.discountFor(amount)).as("%d%% of %d", percent, amount).isEqualTo(expected);
			}
		}
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
