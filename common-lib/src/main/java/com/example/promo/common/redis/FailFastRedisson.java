package com.example.promo.common.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

import org.redisson.config.BaseConfig;
import org.redisson.config.Config;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;

import org.springframework.util.StringUtils;

/**
 * Makes Redisson fail fast instead of retrying for seconds, so a Redis outage trips the
 * {@code redisGate} circuit breaker and requests fall back to v1 quickly: one retry
 * attempt and a short connect timeout, on whichever server configuration is in use —
 * single, cluster, sentinel, replicated or master/slave. It never chooses the topology:
 * the Redisson starter builds its {@link Config} from Boot's {@code spring.data.redis.*}
 * ({@code sentinel.*}, else {@code cluster.nodes}, else host, port and database;
 * username, password, timeouts, {@code ssl}) or from
 * {@code redisson.config}/{@code redisson.file}, and then runs the customizers before it
 * creates the client. An empty password (the local profile's Redis has none) means no
 * {@code AUTH} at all.
 */
final class FailFastRedisson implements RedissonAutoConfigurationCustomizer {

	/** Redisson's default is 3 attempts 1.5 s apart: seconds of a request held up. */
	static final int RETRY_ATTEMPTS = 1;

	/**
	 * Unless {@code spring.data.redis.connect-timeout} says otherwise (Redisson: 10 s).
	 */
	static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private final int connectTimeoutMs;

	FailFastRedisson(Duration connectTimeout) {
		this.connectTimeoutMs = Math.toIntExact(connectTimeout.toMillis());
	}

	@Override
	public void customize(Config config) {
		serverConfig(config).ifPresent((server) -> {
			server.setRetryAttempts(RETRY_ATTEMPTS);
			server.setConnectTimeout(this.connectTimeoutMs);
		});
		if (!StringUtils.hasText(config.getPassword())) {
			config.setPassword(null);
		}
	}

	/**
	 * The server configuration in use, as it is: each {@code use…Servers()} returns the
	 * one already set, and would add one only when none of its kind is (or refuse if
	 * another kind is), so it is called only for the kind in use.
	 * @param config the client configuration
	 * @return its server configuration, or empty if it has none yet
	 */
	static Optional<BaseConfig<?>> serverConfig(Config config) {
		if (config.isClusterConfig()) {
			return Optional.of(config.useClusterServers());
		}
		if (config.isSentinelConfig()) {
			return Optional.of(config.useSentinelServers());
		}
		if (config.isSingleConfig()) {
			return Optional.of(config.useSingleServer());
		}
		// Redisson has no public test for the other two kinds; each refuses to be added
		// while the other is set. Asked on a copy, so nothing is added to the real one.
		if (refuses(config, Config::useReplicatedServers)) {
			return Optional.of(config.useMasterSlaveServers());
		}
		if (refuses(config, Config::useMasterSlaveServers)) {
			return Optional.of(config.useReplicatedServers());
		}
		return Optional.empty();
	}

	private static boolean refuses(Config config, Consumer<Config> use) {
		try {
			use.accept(new Config(config));
			return false;
		}
		catch (IllegalStateException anotherKindInUse) {
			return true;
		}
	}

}
