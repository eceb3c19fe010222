package com.example.promo.common.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.MasterSlaveServersConfig;
import org.redisson.config.ReplicatedServersConfig;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.spring.starter.RedissonAutoConfigurationCustomizer;
import org.redisson.spring.starter.RedissonAutoConfigurationV4;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fail-fast settings land on whichever server configuration Redisson uses, and the
 * topology {@code spring.data.redis.*} describes is kept — a cluster stays a cluster.
 */
class FailFastRedissonTests {

	private final FailFastRedisson failFast = new FailFastRedisson(Duration.ofSeconds(1));

	/**
	 * The Redisson starter as the services run it, with a client that connects only on
	 * first use (no Redis needed); the Config the client was created from is kept.
	 */
	private final ApplicationContextRunner starter = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedissonAutoConfigurationV4.class, DataRedisAutoConfiguration.class,
				RedissonFailFastAutoConfiguration.class))
		.withBean(ClientConfig.class);

	@Test
	void keepsAClusterAClusterWithItsNodes() {
		Config config = new Config();
		config.useClusterServers().addNodeAddress("redis://10.0.0.1:7000", "redis://10.0.0.2:7000");

		this.failFast.customize(config);

		assertThat(config.isClusterConfig()).isTrue();
		assertThat(config.isSingleConfig()).isFalse();
		ClusterServersConfig cluster = config.useClusterServers();
		assertThat(cluster.getNodeAddresses()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000");
		assertFailsFast(cluster, 1000);
	}

	@Test
	void keepsASingleServerWithItsAddressAndDatabase() {
		Config config = new Config();
		config.useSingleServer().setAddress("redis://127.0.0.1:6379").setDatabase(3);

		this.failFast.customize(config);

		assertThat(config.isSingleConfig()).isTrue();
		SingleServerConfig single = config.useSingleServer();
		assertThat(single.getAddress()).isEqualTo("redis://127.0.0.1:6379");
		assertThat(single.getDatabase()).isEqualTo(3);
		assertFailsFast(single, 1000);
	}

	@Test
	void appliesToSentinelReplicatedAndMasterSlaveToo() {
		Config sentinel = new Config();
		sentinel.useSentinelServers().setMasterName("promo").addSentinelAddress("redis://10.0.0.1:26379");
		Config replicated = new Config();
		replicated.useReplicatedServers().addNodeAddress("redis://10.0.0.1:6379", "redis://10.0.0.2:6379");
		Config masterSlave = new Config();
		masterSlave.useMasterSlaveServers()
			.setMasterAddress("redis://10.0.0.1:6379")
			.addSlaveAddress("redis://10.0.0.2:6379");

		this.failFast.customize(sentinel);
		this.failFast.customize(replicated);
		this.failFast.customize(masterSlave);

		SentinelServersConfig sentinelServers = sentinel.useSentinelServers();
		assertThat(sentinelServers.getMasterName()).isEqualTo("promo");
		assertFailsFast(sentinelServers, 1000);
		ReplicatedServersConfig replicatedServers = replicated.useReplicatedServers();
		assertThat(replicatedServers.getNodeAddresses()).hasSize(2);
		assertFailsFast(replicatedServers, 1000);
		MasterSlaveServersConfig masterSlaveServers = masterSlave.useMasterSlaveServers();
		assertThat(masterSlaveServers.getMasterAddress()).isEqualTo("redis://10.0.0.1:6379");
		assertFailsFast(masterSlaveServers, 1000);
	}

	@Test
	void addsNoServerConfigurationOfItsOwn() {
		Config config = new Config();

		this.failFast.customize(config);

		assertThat(FailFastRedisson.serverConfig(config)).isEmpty();
		assertThat(config.isSingleConfig()).isFalse();
	}

	@Test
	void anEmptyPasswordMeansNoAuth() {
		Config empty = new Config().setPassword("");
		empty.useSingleServer().setAddress("redis://127.0.0.1:6379");
		Config secret = new Config().setPassword("s3cret");
		secret.useClusterServers().addNodeAddress("redis://10.0.0.1:7000");

		this.failFast.customize(empty);
		this.failFast.customize(secret);

		assertThat(empty.getPassword()).isNull();
		assertThat(secret.getPassword()).isEqualTo("s3cret");
	}

	@Test
	void theStarterBuildsAClusterClientFromClusterNodes() {
		this.starter
			.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.database=3",
					"spring.data.redis.password=s3cret",
					"spring.data.redis.cluster.nodes=10.0.0.1:7000,10.0.0.2:7000,10.0.0.3:7000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Config config = context.getBean(ClientConfig.class).config();
				assertThat(config.isClusterConfig()).isTrue();
				assertThat(config.isSingleConfig()).isFalse();
				assertThat(config.getPassword()).isEqualTo("s3cret");
				ClusterServersConfig cluster = config.useClusterServers();
				assertThat(cluster.getNodeAddresses()).containsExactly("redis://10.0.0.1:7000", "redis://10.0.0.2:7000",
						"redis://10.0.0.3:7000");
				assertFailsFast(cluster, 1000);
			});
	}

	@Test
	void theStarterBuildsASentinelClientFromSentinelNodes() {
		this.starter
			.withPropertyValues("spring.data.redis.sentinel.master=promo",
					"spring.data.redis.sentinel.nodes=10.0.0.1:26379,10.0.0.2:26379")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Config config = context.getBean(ClientConfig.class).config();
				assertThat(config.isSentinelConfig()).isTrue();
				assertThat(config.useSentinelServers().getMasterName()).isEqualTo("promo");
				assertFailsFast(config.useSentinelServers(), 1000);
			});
	}

	@Test
	void theStarterBuildsASingleServerClientByDefaultAndHonoursTheConnectTimeout() {
		this.starter
			.withPropertyValues("spring.data.redis.host=10.0.0.9", "spring.data.redis.port=6380",
					"spring.data.redis.database=3", "spring.data.redis.password=",
					"spring.data.redis.connect-timeout=250ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Config config = context.getBean(ClientConfig.class).config();
				assertThat(config.isSingleConfig()).isTrue();
				assertThat(config.getPassword()).isNull();
				SingleServerConfig single = config.useSingleServer();
				assertThat(single.getAddress()).isEqualTo("redis://10.0.0.9:6380");
				assertThat(single.getDatabase()).isEqualTo(3);
				assertFailsFast(single, 250);
			});
	}

	private static void assertFailsFast(BaseConfig<?> server, int connectTimeoutMs) {
		assertThat(server).extracting(BaseConfig::getRetryAttempts, BaseConfig::getConnectTimeout)
			.containsExactly(FailFastRedisson.RETRY_ATTEMPTS, connectTimeoutMs);
	}

	/**
	 * Keeps the Config the starter built (customizers get the very object the client is
	 * created from) and makes the client connect lazily, so no Redis is needed.
	 */
	static class ClientConfig implements RedissonAutoConfigurationCustomizer {

		private final AtomicReference<Config> config = new AtomicReference<>();

		@Override
		public void customize(Config configuration) {
			configuration.setLazyInitialization(true);
			this.config.set(configuration);
		}

		Config config() {
			return this.config.get();
		}

	}

}
