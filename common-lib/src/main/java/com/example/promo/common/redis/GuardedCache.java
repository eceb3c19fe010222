package com.example.promo.common.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cache-aside in Redis that a stale reader cannot refill: an eviction overwrites the key
 * with a unique marker instead of deleting it, and a reader caches what it read from the
 * database only if the key still holds what it saw before reading
 * ({@code promo/redis/lua/cache-offer.lua}). So a reader that read before a change
 * committed cannot put its old value back after the change's eviction.
 * <p>
 * Redis is never needed to answer: every call runs in the given circuit breaker, and any
 * failure (or the breaker open) makes a lookup a miss and an offer or eviction a no-op;
 * an eviction that fails leaves the old value for at most its time to live. Values are
 * strings; the caller formats them.
 */
public final class GuardedCache {

	private static final Logger log = LoggerFactory.getLogger(GuardedCache.class);

	private static final String MARKER_PREFIX = "evicted:";

	private static final String SCRIPT = "promo/redis/lua/cache-offer.lua";

	private final RedissonClient redisson;

	private final CircuitBreaker breaker;

	private volatile LuaScript offerScript;

	/**
	 * @param redisson the Redis client
	 * @param breaker the circuit breaker every call runs in
	 */
	public GuardedCache(RedissonClient redisson, CircuitBreaker breaker) {
		this.redisson = redisson;
		this.breaker = breaker;
	}

	/**
	 * @param key the cache key
	 * @return what the key holds: a cached value, an eviction marker, or {@code ""} if
	 * nothing (also when Redis cannot answer); pass it to {@link #offer}
	 */
	public String lookup(String key) {
		String seen = quietly("read", () -> this.redisson.<String>getBucket(key, StringCodec.INSTANCE).get(), null);
		return (seen != null) ? seen : "";
	}

	/**
	 * Caches a value read from the database after a lookup, unless the key changed since.
	 * @param key the cache key
	 * @param seen what {@link #lookup} answered before the database was read
	 * @param value the value to cache
	 * @param ttl how long it lives (at least 1 ms, else nothing is cached)
	 */
	public void offer(String key, String seen, String value, Duration ttl) {
		if (ttl.toMillis() < 1) {
			return;
		}
		quietly("write", () -> script().run(RScript.ReturnType.LONG, List.of(key), seen, value, ttl.toMillis()), null);
	}

	/**
	 * Evicts a key: overwrites it with a unique marker living {@code ttl}, so that no
	 * reader that looked before now can refill it.
	 * @param key the cache key
	 * @param ttl how long the marker lives (the longest a cached value may live)
	 */
	public void evict(String key, Duration ttl) {
		quietly("evict", () -> {
			this.redisson.<String>getBucket(key, StringCodec.INSTANCE).set(MARKER_PREFIX + UUID.randomUUID(), ttl);
			return null;
		}, null);
	}

	private LuaScript script() {
		LuaScript script = this.offerScript;
		if (script == null) {
			script = LuaScript.load(this.redisson, SCRIPT);
			this.offerScript = script;
		}
		return script;
	}

	private <T> T quietly(String what, Supplier<T> call, T fallback) {
		try {
			return this.breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException ex) {
			return fallback;
		}
		catch (RuntimeException ex) {
			log.warn("Cache {} in Redis failed, the database answers: {}", what, ex.toString());
			return fallback;
		}
	}

}
