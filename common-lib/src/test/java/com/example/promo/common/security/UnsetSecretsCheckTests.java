package com.example.promo.common.security;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnsetSecretsCheckTests {

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application.yml", properties));
		return environment;
	}

	private static void check(StandardEnvironment environment) {
		new UnsetSecretsCheck().postProcessEnvironment(environment, new SpringApplication());
	}

	@Test
	void refusesToStartWhileASecretsPlaceholderHasNoValueNamingIt() {
		StandardEnvironment environment = environment(Map.of("spring.datasource.password", "${UNSET_DB_PASSWORD}",
				"spring.data.redis.password", "${UNSET_REDIS_PASSWORD}", "some.url", "${UNSET_URL}"));

		assertThatThrownBy(() -> check(environment)).isInstanceOf(StartupRefusal.class)
			.hasMessageContaining("spring.data.redis.password")
			.hasMessageContaining("UNSET_DB_PASSWORD")
			.hasMessageNotContaining("some.url");
	}

	@Test
	void acceptsSecretsWithAValueEvenAnEmptyOne() {
		StandardEnvironment environment = environment(Map.of("spring.datasource.password", "${UNSET_DB_PASSWORD:promo}",
				"promo.security.jwt.hmac-secret", "${UNSET_JWT_SECRET:}", "spring.data.redis.password", "s3cret"));

		assertThatNoException().isThrownBy(() -> check(environment));
	}

	@Test
	void acceptsASecretGivenInTheEnvironmentOverTheUnresolvedDefault() {
		StandardEnvironment environment = environment(Map.of("spring.datasource.password", "${UNSET_DB_PASSWORD}"));
		environment.getPropertySources()
			.addFirst(new MapPropertySource("local", Map.of("spring.datasource.password", "promo")));

		assertThatNoException().isThrownBy(() -> check(environment));
	}

}
