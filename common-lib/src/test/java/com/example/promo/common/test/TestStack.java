package com.example.promo.common.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Where the integration tests find MariaDB, Redis and etcd. One switch,
 * {@code PROMO_TEST_STACK} (environment variable or system property):
 * <ul>
 * <li>{@code local} (the default): the local stack that {@code scripts/stack.sh} starts
 * (127.0.0.1:3306, :6379, :2379), as {@code scripts/test.sh} does;</li>
 * <li>{@code containers}: Testcontainers starts MariaDB 10.11, Redis 7 and etcd 3.5 once
 * per test JVM (one Maven module) and stops them at its end. It needs a Docker engine and
 * fails at once, saying so, without one.</li>
 * </ul>
 * The containers' addresses are set as system properties named as the variables the apps
 * read ({@code DB_HOST}, {@code DB_PORT}, {@code DB_NAME}, {@code DB_USER},
 * {@code DB_PASSWORD}, {@code REDIS_HOST}, {@code REDIS_PORT}, {@code REDIS_PASSWORD},
 * {@code ETCD_ENDPOINTS}), so the same test classes and support classes serve both paths:
 * they resolve the applications' {@code ${DB_HOST}}-style placeholders above
 * {@code application-test.yml} and below a test's own properties, so a test that points a
 * client at a dead port on purpose still does. Not {@code @ServiceConnection}: the
 * Redisson client is built from {@code spring.data.redis.*} properties, not from
 * connection details, and connection details would override those tests' own settings.
 * <p>
 * Registered as a JUnit Platform {@link LauncherSessionListener}
 * ({@code META-INF/services}), so it runs before the first test of every module that has
 * common-lib's test-jar on its test classpath.
 */
public final class TestStack implements LauncherSessionListener {

	/** The switch's name, as environment variable or system property. */
	public static final String SWITCH = "PROMO_TEST_STACK";

	private static final String LOCAL_ETCD = "http://127.0.0.1:2379";

	private final List<GenericContainer<?>> started = new ArrayList<>();

	/**
	 * The etcd endpoint of this test run: the container's with {@code containers}, else
	 * {@code ETCD_ENDPOINTS} or the local stack's {@code http://127.0.0.1:2379}.
	 * @return an endpoint URL such as {@code http://127.0.0.1:2379}
	 */
	public static String etcdEndpoint() {
		String given = System.getProperty("ETCD_ENDPOINTS", System.getenv("ETCD_ENDPOINTS"));
		return (given == null || given.isBlank()) ? LOCAL_ETCD : given.split(",")[0].trim();
	}

	/**
	 * Whether this run uses containers.
	 * @return true when {@code PROMO_TEST_STACK=containers}
	 * @throws IllegalArgumentException for a value other than {@code local} or
	 * {@code containers}
	 */
	public static boolean containers() {
		String value = System.getProperty(SWITCH, System.getenv(SWITCH));
		String stack = (value == null || value.isBlank()) ? "local" : value.trim().toLowerCase(Locale.ROOT);
		return switch (stack) {
			case "local" -> false;
			case "containers" -> true;
			default -> throw new IllegalArgumentException(SWITCH + " must be local or containers, not " + value);
		};
	}

	@Override
	public void launcherSessionOpened(LauncherSession session) {
		if (!containers() || !this.started.isEmpty()) {
			return;
		}
		if (!DockerClientFactory.instance().isDockerAvailable()) {
			throw new IllegalStateException(SWITCH + "=containers needs a Docker engine, and none answers here;"
					+ " unset it to test against the local stack (scripts/stack.sh)");
		}
		MariaDBContainer mariadb = new MariaDBContainer(DockerImageName.parse("mariadb:10.11"))
			.withDatabaseName("promo_test")
			.withUsername("promo")
			.withPassword("promo");
		GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine"))
			.withExposedPorts(6379)
			.waitingFor(Wait.forListeningPort());
		GenericContainer<?> etcd = new GenericContainer<>(DockerImageName.parse("quay.io/coreos/etcd:v3.5.17"))
			.withCommand("etcd", "--listen-client-urls=http://0.0.0.0:2379",
					"--advertise-client-urls=http://0.0.0.0:2379")
			.withExposedPorts(2379)
			.waitingFor(Wait.forHttp("/health").forPort(2379));
		for (GenericContainer<?> container : List.of(mariadb, redis, etcd)) {
			container.start();
			this.started.add(container);
		}
		System.setProperty("DB_HOST", mariadb.getHost());
		System.setProperty("DB_PORT", String.valueOf(mariadb.getMappedPort(3306)));
		System.setProperty("DB_NAME", mariadb.getDatabaseName());
		System.setProperty("DB_USER", mariadb.getUsername());
		System.setProperty("DB_PASSWORD", mariadb.getPassword());
		System.setProperty("REDIS_HOST", redis.getHost());
		System.setProperty("REDIS_PORT", String.valueOf(redis.getMappedPort(6379)));
		System.setProperty("REDIS_PASSWORD", "");
		System.setProperty("ETCD_ENDPOINTS", "http://" + etcd.getHost() + ":" + etcd.getMappedPort(2379));
	}

	@Override
	public void launcherSessionClosed(LauncherSession session) {
		this.started.forEach(GenericContainer::stop);
		this.started.clear();
	}

}
