package com.example.promo.common.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The test-stack switch read as a system property (the environment variable is read the
 * same way, after it).
 */
class TestStackTests {

	@AfterEach
	void clear() {
		System.clearProperty(TestStack.SWITCH);
	}

	@Test
	void localUnlessContainersIsAsked() {
		assertThat(TestStack.containers()).isEqualTo("containers".equalsIgnoreCase(System.getenv(TestStack.SWITCH)));
		System.setProperty(TestStack.SWITCH, "local");
		assertThat(TestStack.containers()).isFalse();
		System.setProperty(TestStack.SWITCH, " Containers ");
		assertThat(TestStack.containers()).isTrue();
	}

	@Test
	void refusesAnythingElse() {
		System.setProperty(TestStack.SWITCH, "docker");
		assertThatIllegalArgumentException().isThrownBy(TestStack::containers)
			.withMessageContaining("must be local or containers, not docker");
	}

}
