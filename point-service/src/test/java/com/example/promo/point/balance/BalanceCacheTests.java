package com.example.promo.point.balance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import com.example.promo.point.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The balance cache against the real Redis: a reader that read the database before a
 * change committed cannot cache its stale figures; without Redis the database answers.
 */
class BalanceCacheTests extends IntegrationTestSupport {

	@Autowired
	private BalanceCache cache;

	@Autowired
	private Balances balances;

	@Autowired
	private NamedParameterJdbcTemplate namedJdbc;

	@Autowired
	private Clock clock;

	@Test
	void aReaderOvertakenByAnEvictionDoesNotCacheWhatItRead() {
		String user = "race-" + UUID.randomUUID();
		Instant now = Instant.now();
		BalanceCache.Lookup miss = this.cache.lookup(user, now);
		assertThat(miss.hit()).isNull();

		// A change commits and evicts between the reader's look and its offer.
		this.cache.evict(user);
		this.cache.offer(miss, new PointBalance(user, 10, 0, null), null);

		String value = this.redisson.<String>getBucket(BalanceCache.key(user), StringCodec.INSTANCE).get();
		assertThat(value).startsWith("evicted:");
		assertThat(this.cache.lookup(user, now).hit()).isNull();

		// The next reader, after the change, caches.
		BalanceCache.Lookup next = this.cache.lookup(user, now);
		this.cache.offer(next, new PointBalance(user, 20, 0, null), null);
		assertThat(this.cache.lookup(user, now).hit()).isEqualTo(new PointBalance(user, 20, 0, null));
	}

	@Test
	void aCachedBalanceWhoseNextExpiryHasPassedIsAMiss() {
		String user = "passed-" + UUID.randomUUID();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		PointBalance balance = new PointBalance(user, 10, 10, now.plusMillis(1500));
		this.cache.offer(this.cache.lookup(user, now), balance, Duration.ofMinutes(1));

		assertThat(this.cache.lookup(user, now).hit()).isEqualTo(balance);
		assertThat(this.cache.lookup(user, now.plusSeconds(2)).hit()).isNull();
	}

	@Test
	void withoutRedisTheDatabaseAnswers() {
		String user = "no-redis-" + UUID.randomUUID();
		grant(user, 120, 30);
		Config config = new Config().setLazyInitialization(true);
		config.useSingleServer()
			.setAddress("redis://127.0.0.1:1")
			.setConnectTimeout(200)
			.setTimeout(200)
			.setRetryAttempts(0);
		RedissonClient unreachable = Redisson.create(config);
		try {
			CircuitBreaker breaker = CircuitBreaker.of("test", BalanceCache.breakerConfig());
			Balances withoutRedis = new Balances(this.namedJdbc,
					new BalanceCache(unreachable, breaker, Duration.ofSeconds(60)), this.clock);

			for (int i = 0; i < 15; i++) {
				assertThat(withoutRedis.of(user)).isEqualTo(this.balances.read(user));
			}
			assertThat(withoutRedis.of(user).balance()).isEqualTo(120);
			assertThat(breaker.getState()).as("Redis is no longer tried for a while")
				.isEqualTo(CircuitBreaker.State.OPEN);
		}
		finally {
			unreachable.shutdown();
		}
	}

}
