package com.example.promo.common.issuing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdsTests {

	@Test
	void theSameHolderAndKeyAlwaysMapToTheSameRequestIdAndOtherHoldersNever() {
		assertThat(RequestIds.of("a", "k")).isEqualTo(RequestIds.of("a", "k"));
		assertThat(RequestIds.of("a", "k")).isNotEqualTo(RequestIds.of("b", "k"));
		assertThat(RequestIds.of("a\nk", "")).isNotEqualTo(RequestIds.of("a", "k\n"));
		assertThat(RequestIds.of("a", null)).isNotEqualTo(RequestIds.of("a", null));
	}

}
