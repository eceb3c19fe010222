package com.example.promo.coupon.issue;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RLock;
import org.redisson.api.RMapAsync;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.redis.LuaScript;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.policy.CouponPolicyEvents;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The Redis admission gate in front of the database (DESIGN.md §3): one Lua script
 * atomically checks status, window, per-user count and stock and takes a unit, so the
 * flood is refused cheaply. It is never the record of an issue: the database decides, and
 * an admission the database refuses is released here, once.
 *
 * <p>
 * Keys of coupon 42 share the hash tag {@code {42}}: {@code coupon:{42}:gate},
 * {@code coupon:{42}:users}, lock {@code coupon:{42}:gate-lock}. A missing gate (new
 * coupon, Redis restarted or flushed) is rebuilt from the database under a Redisson lock
 * before anything is admitted; each rebuild gets a new epoch, and releases of older
 * admissions are ignored since the rebuild already recounted them. Every Redis call runs
 * in the {@code redisGate} circuit breaker; when Redis cannot answer,
 * {@link GateUnavailableException} tells the caller to serve the request with v1.
 */
@Component
class IssueGate {

	private static final Logger log = LoggerFactory.getLogger(IssueGate.class);

	private final RedissonClient redisson;

	private final LuaScript admitScript;

	private final LuaScript releaseScript;

	private final GateSnapshot snapshots;

	private final CircuitBreaker breaker;

	private final IssueProperties properties;

	private final Clock clock;

	IssueGate(RedissonClient redisson, GateSnapshot snapshots, CircuitBreakerRegistry breakers,
			IssueProperties properties, Clock clock) {
		this.redisson = redisson;
		this.snapshots = snapshots;
		this.breaker = breakers.circuitBreaker("redisGate");
		this.properties = properties;
		this.clock = clock;
		this.admitScript = LuaScript.load(redisson, "coupon/lua/admit.lua");
		this.releaseScript = LuaScript.load(redisson, "coupon/lua/release.lua");
	}

	/**
	 * Admits one request, rebuilding the gate first if it is missing.
	 * @param couponId the policy
	 * @param userId the user
	 * @return the admission, to release if the database refuses
	 * @throws com.example.promo.common.error.DomainException COUPON_SOLD_OUT,
	 * ALREADY_ISSUED, COUPON_NOT_OPEN or COUPON_NOT_FOUND; nothing was taken
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	Admission admit(long couponId, String userId) {
		List<Object> reply = runAdmit(couponId, userId);
		if (((Long) reply.get(0)) == -3L) {
			rebuild(couponId);
			reply = runAdmit(couponId, userId);
		}
		long code = (Long) reply.get(0);
		CouponErrorCode refusal = switch ((int) code) {
			case 1 -> null;
			case 0 -> CouponErrorCode.COUPON_SOLD_OUT;
			case -1 -> CouponErrorCode.ALREADY_ISSUED;
			case -2 -> CouponErrorCode.COUPON_NOT_OPEN;
			default -> throw new GateUnavailableException("gate of coupon " + couponId + " still missing", null);
		};
		if (refusal != null) {
			throw CouponIssuer.refusalOf(refusal, couponId);
		}
		return new Admission(couponId, userId, (String) reply.get(1));
	}

	/**
	 * Gives back an admission the database did not turn into a coupon. Best effort: if
	 * Redis cannot answer, the gate stays short by one unit until its next rebuild, which
	 * never oversells.
	 * @param admission what {@link #admit} returned
	 * @param refusal the database's refusal, or {@code null} if the write failed:
	 * SOLD_OUT sets the stock to 0, ALREADY_ISSUED keeps the user's count, NOT_OPEN drops
	 * the gate (its status is stale), anything else restores both
	 */
	void release(Admission admission, CouponErrorCode refusal) {
		try {
			if (refusal == CouponErrorCode.COUPON_NOT_OPEN || refusal == CouponErrorCode.COUPON_NOT_FOUND) {
				invalidate(admission.couponId());
				return;
			}
			String stock = (refusal == CouponErrorCode.COUPON_SOLD_OUT) ? "zero" : "restore";
			String user = (refusal == CouponErrorCode.ALREADY_ISSUED) ? "keep" : "restore";
			guarded(() -> this.releaseScript.run(RScript.ReturnType.LONG, keys(admission.couponId()),
					admission.userId(), admission.epoch(), stock, user));
		}
		catch (GateUnavailableException ex) {
			log.warn("Could not release admission of {} to coupon {}: {}", admission.userId(), admission.couponId(),
					ex.getMessage());
		}
	}

	/**
	 * Drops the gate so the next request rebuilds it from the database. Best effort: if
	 * Redis cannot answer, the gate is left as it is (the database still decides).
	 * @param couponId the policy
	 */
	void invalidateQuietly(long couponId) {
		try {
			invalidate(couponId);
		}
		catch (GateUnavailableException ex) {
			log.warn("Gate of coupon {} not dropped: {}", couponId, ex.getMessage());
		}
	}

	@TransactionalEventListener
	void onCreated(CouponPolicyEvents.Created event) {
		try {
			rebuild(event.couponId());
		}
		catch (RuntimeException ex) {
			log.warn("Gate of coupon {} not built at creation, will be built on first use: {}", event.couponId(),
					ex.getMessage());
		}
	}

	@TransactionalEventListener
	void onStatusChanged(CouponPolicyEvents.StatusChanged event) {
		invalidateQuietly(event.couponId());
	}

	private List<Object> runAdmit(long couponId, String userId) {
		return guarded(
				() -> this.admitScript.run(RScript.ReturnType.LIST, keys(couponId), userId, this.clock.millis()));
	}

	private void rebuild(long couponId) {
		RLock lock = this.redisson.getLock(key(couponId, "gate-lock"));
		boolean locked = guarded(() -> tryLock(lock));
		if (!locked) {
			throw new GateUnavailableException("gate of coupon " + couponId + " is being rebuilt elsewhere", null);
		}
		try {
			guarded(() -> {
				if (this.redisson.getMap(key(couponId, "gate"), StringCodec.INSTANCE).containsKey("epoch")) {
					return null;
				}
				GateSnapshot.State state = this.snapshots.read(couponId, UUID.randomUUID().toString());
				RBatch batch = this.redisson
					.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
				RMapAsync<String, String> users = batch.getMap(key(couponId, "users"), StringCodec.INSTANCE);
				RMapAsync<String, String> gate = batch.getMap(key(couponId, "gate"), StringCodec.INSTANCE);
				users.deleteAsync();
				gate.deleteAsync();
				if (!state.users().isEmpty()) {
					users.putAllAsync(state.users(), 1000);
					users.expireAsync(state.expiresAt());
				}
				gate.putAllAsync(state.gate());
				gate.expireAsync(state.expiresAt());
				batch.execute();
				log.info("Rebuilt gate of coupon {} from the database: stock {}, {} users", couponId,
						state.gate().get("stock"), state.users().size());
				return null;
			});
		}
		finally {
			unlock(lock);
		}
	}

	private void invalidate(long couponId) {
		guarded(() -> this.redisson.getKeys().delete(key(couponId, "gate"), key(couponId, "users")));
	}

	private boolean tryLock(RLock lock) {
		try {
			return lock.tryLock(this.properties.rebuildWait().toMillis(), this.properties.rebuildLease().toMillis(),
					TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private void unlock(RLock lock) {
		try {
			if (lock.isHeldByCurrentThread()) {
				lock.unlock();
			}
		}
		catch (RedisException ex) {
			log.warn("Gate lock {} not released, it expires by its lease: {}", lock.getName(), ex.getMessage());
		}
	}

	private <T> T guarded(Supplier<T> call) {
		try {
			return this.breaker.executeSupplier(call);
		}
		catch (CallNotPermittedException | RedisException ex) {
			throw new GateUnavailableException("Redis gate unavailable: " + ex.getMessage(), ex);
		}
	}

	private static List<Object> keys(long couponId) {
		return List.of(key(couponId, "gate"), key(couponId, "users"));
	}

	private static String key(long couponId, String part) {
		return "coupon:{" + couponId + "}:" + part;
	}

	/**
	 * One unit taken at the gate.
	 *
	 * @param couponId the policy
	 * @param userId the user
	 * @param epoch the gate generation that admitted it
	 */
	record Admission(long couponId, String userId, String epoch) {
	}

}
