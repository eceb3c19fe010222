package com.example.promo.gateway.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;

/**
 * Refuses to start, before anything connects anywhere, while a secret has no value, as
 * the services do (common-lib's check of the same name, which the gateway cannot load:
 * common-lib is servlet-side). Secrets are properties whose name ends in {@code password}
 * or {@code secret}; they have no default outside the {@code local} profile, so
 * {@code password: ${REDIS_PASSWORD}} without {@code REDIS_PASSWORD} stops the gateway
 * here instead of binding the unresolved text as the password. An empty value is a value:
 * an optional secret reads {@code ${X:}}.
 */
class UnsetSecretsCheck implements EnvironmentPostProcessor, Ordered {

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		Map<String, String> unset = new TreeMap<>();
		environment.getPropertySources()
			.stream()
			.filter(EnumerablePropertySource.class::isInstance)
			.flatMap((source) -> Arrays.stream(((EnumerablePropertySource<?>) source).getPropertyNames()))
			.filter(UnsetSecretsCheck::isSecret)
			.forEach((name) -> {
				try {
					environment.getProperty(name);
				}
				catch (IllegalArgumentException ex) {
					unset.put(name, ex.getMessage());
				}
			});
		if (!unset.isEmpty()) {
			throw new IllegalStateException("Secrets without a value: "
					+ unset.entrySet()
						.stream()
						.map((secret) -> secret.getKey() + " (" + secret.getValue() + ")")
						.collect(Collectors.joining("; "))
					+ ". Set them in the environment (secrets have a default only in the 'local' profile, which is for"
					+ " the local stack only).");
		}
	}

	private static boolean isSecret(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return lower.endsWith("password") || lower.endsWith("secret");
	}

}
