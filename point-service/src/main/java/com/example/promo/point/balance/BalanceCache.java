package com.example.promo.point.balance;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.redisson.api.RedissonClient;

import com.example.promo.common.redis.GuardedCache;
import com.example.promo.point.PointProperties;
import com.example.promo.point.ledger.PointsChanged;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Balances cached in Redis, cache-aside (DESIGN.md §4.2): key
 * {@code point-balance:{<userId>}}, a small string, living at most
 * {@code promo.points.balance-cache-ttl} and never past the moment its figures change by
 * themselves (the next lot expiry). After every committed change of a user's points the
 * key is evicted through common-lib's {@link GuardedCache}, so that a reader that read
 * the database before the change cannot put its stale figures back.
 * <p>
 * Redis is never needed to answer: any failure, or the circuit breaker being open after
 * repeated failures, makes a lookup a miss and an offer or eviction a no-op. An eviction
 * that fails leaves the old figures for at most the TTL.
 */
@Component
public class BalanceCache {

	private static final String VALUE_PREFIX = "v1:";

	private final GuardedCache cache;

	private final Duration ttl;

	@Autowired
	BalanceCache(RedissonClient redisson, CircuitBreakerRegistry breakers, PointProperties properties) {
		this(redisson, breakers.circuitBreaker("balanceCache", breakerConfig()), properties.balanceCacheTtl());
	}

	BalanceCache(RedissonClient redisson, CircuitBreaker breaker, Duration ttl) {
		this.cache = new GuardedCache(redisson, breaker);
		this.ttl = ttl;
	}

	/**
	 * Opens after half of the last 20 calls (at least 10) failed, for 5 s: a Redis outage
	 * costs each request a failed round trip only until then.
	 */
	static CircuitBreakerConfig breakerConfig() {
		return CircuitBreakerConfig.custom()
			.slidingWindowSize(20)
			.minimumNumberOfCalls(10)
			.failureRateThreshold(50)
			.waitDurationInOpenState(Duration.ofSeconds(5))
			.permittedNumberOfCallsInHalfOpenState(3)
			.automaticTransitionFromOpenToHalfOpenEnabled(true)
			.build();
	}

	/**
	 * @param userId the user
	 * @return the Redis key of the user's cached balance
	 */
	public static String key(String userId) {
		return "point-balance:{" + userId + "}";
	}

	/**
	 * Looks the user's balance up.
	 * @param userId the user
	 * @param now the moment of the read
	 * @return a hit, or a miss carrying what the key held (to pass to {@link #offer})
	 */
	Lookup lookup(String userId, Instant now) {
		String seen = this.cache.lookup(key(userId));
		PointBalance cached = parse(userId, seen);
		if (cached == null || (cached.nextExpiresAt() != null && !cached.nextExpiresAt().isAfter(now))) {
			return new Lookup(null, seen);
		}
		return new Lookup(cached, seen);
	}

	/**
	 * Caches a balance read from the database after {@code miss}, unless the key changed
	 * since (an eviction), for the configured TTL capped at {@code validFor}.
	 * @param miss what {@link #lookup} answered before the database was read
	 * @param balance the balance read
	 * @param validFor how long the figures stay true by themselves (until the next lot
	 * expiry), or {@code null} if indefinitely
	 */
	void offer(Lookup miss, PointBalance balance, Duration validFor) {
		Duration live = (validFor != null && validFor.compareTo(this.ttl) < 0) ? validFor : this.ttl;
		this.cache.offer(key(balance.userId()), miss.seen(), format(balance), live);
	}

	/**
	 * Evicts a user's cached balance once the change of their points has committed (or at
	 * once, if it was published outside a transaction).
	 * @param changed whose points changed
	 */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	public void evict(PointsChanged changed) {
		evict(changed.userId());
	}

	/**
	 * Evicts a user's cached balance now.
	 * @param userId the user
	 */
	public void evict(String userId) {
		this.cache.evict(key(userId), this.ttl);
	}

	/** {@code v1:<balance>:<expiringWithin30Days>:<nextExpiresAt epoch µs or ->}. */
	static String format(PointBalance balance) {
		Instant next = balance.nextExpiresAt();
		String nextText = (next != null) ? Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, next)) : "-";
		return VALUE_PREFIX + balance.balance() + ":" + balance.expiringWithin30Days() + ":" + nextText;
	}

	static PointBalance parse(String userId, String value) {
		if (!value.startsWith(VALUE_PREFIX)) {
			return null;
		}
		String[] parts = value.substring(VALUE_PREFIX.length()).split(":");
		if (parts.length != 3) {
			return null;
		}
		try {
			Instant next = parts[2].equals("-") ? null
					: Instant.EPOCH.plus(Long.parseLong(parts[2]), ChronoUnit.MICROS);
			return new PointBalance(userId, Long.parseLong(parts[0]), Long.parseLong(parts[1]), next);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * What a lookup found.
	 *
	 * @param hit the cached balance, or {@code null} on a miss
	 * @param seen what the key held ({@code ""} if nothing)
	 */
	record Lookup(PointBalance hit, String seen) {
	}

}
