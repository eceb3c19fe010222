package com.example.promo.common.issuing;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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

import com.example.promo.common.error.DomainException;
import com.example.promo.common.redis.LuaScript;

/**
 * The Redis admission gate of one kind of resource (DESIGN.md §3): one Lua script
 * atomically checks status, window, the per-holder and per-period counts and the stock,
 * takes the units and marks the request in flight, so the flood is refused cheaply. It is
 * never the record of a promise: the database decides, and an admission the database
 * refuses is released here, once.
 * <p>
 * Keys of resource 42 of kind {@code coupon} share the hash tag {@code {42}}:
 * {@code coupon:{42}:gate}, {@code coupon:{42}:holders}, {@code coupon:{42}:inflight},
 * lock {@code coupon:{42}:gate-lock}; every script touches one slot, so they run
 * unchanged on Redis Cluster. A missing gate (new resource, Redis restarted or flushed)
 * is rebuilt from the service's {@link GateSnapshotSource} under a Redisson lock before
 * anything is admitted; each rebuild gets a new epoch, and releases of older admissions
 * are ignored since the rebuild already recounted them. Every Redis call runs in the
 * {@code redisGate} circuit breaker; when Redis cannot answer,
 * {@link GateUnavailableException} tells the caller to serve the request with v1.
 */
public class AdmissionGate {

	private static final Logger log = LoggerFactory.getLogger(AdmissionGate.class);

	private final String name;

	private final RedissonClient redisson;

	private final GateSnapshotSource snapshots;

	private final CircuitBreaker breaker;

	private final IssuingProperties properties;

	private final Clock clock;

	private final BiFunction<GateRefusal, String, DomainException> refusals;

	private final LuaScript admitScript;

	private final LuaScript releaseScript;

	private final LuaScript settleScript;

	AdmissionGate(String name, RedissonClient redisson, GateSnapshotSource snapshots, CircuitBreaker breaker,
			IssuingProperties properties, Clock clock, BiFunction<GateRefusal, String, DomainException> refusals) {
		this.name = name;
		this.redisson = redisson;
		this.snapshots = snapshots;
		this.breaker = breaker;
		this.properties = properties;
		this.clock = clock;
		this.refusals = refusals;
		this.admitScript = LuaScript.load(redisson, "promo/issuing/lua/admit.lua");
		this.releaseScript = LuaScript.load(redisson, "promo/issuing/lua/release.lua");
		this.settleScript = LuaScript.load(redisson, "promo/issuing/lua/settle.lua");
	}

	/**
	 * Admits one request, rebuilding the gate first if it is missing.
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param units units wanted
	 * @param period the current period key, or {@code ""} without a period limit
	 * @param requestId the request
	 * @param waitingRoom whether the request joins the resource's waiting room (a place
	 * from an atomic per-gate sequence, in the same script)
	 * @return the admission, to release if the database refuses
	 * @throws DomainException the service's refusal (sold out, limit, not open, not
	 * found); nothing was taken
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public Admission admit(String resourceId, String holderId, int units, String period, String requestId,
			boolean waitingRoom) {
		List<Object> reply = runAdmit(resourceId, holderId, units, period, requestId, waitingRoom);
		if (((Long) reply.get(0)) == -3L) {
			rebuild(resourceId);
			reply = runAdmit(resourceId, holderId, units, period, requestId, waitingRoom);
		}
		GateRefusal refusal = switch (((Long) reply.get(0)).intValue()) {
			case 1 -> null;
			case 0 -> GateRefusal.SOLD_OUT;
			case -1 -> GateRefusal.HOLDER_LIMIT;
			case -4 -> GateRefusal.PERIOD_LIMIT;
			case -2 -> GateRefusal.NOT_OPEN;
			default ->
				throw new GateUnavailableException("gate of " + this.name + " " + resourceId + " still missing", null);
		};
		if (refusal != null) {
			throw this.refusals.apply(refusal, resourceId);
		}
		return new Admission(resourceId, holderId, units, (String) reply.get(1), requestId, period,
				(Long) reply.get(2));
	}

	/**
	 * @param resourceId the resource
	 * @param requestId a request that joined the waiting room
	 * @return how many requests are ahead of it (0 = next); empty once it has been
	 * written or released, or if it never joined
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public Optional<Long> position(String resourceId, String requestId) {
		return guarded(() -> Optional
			.ofNullable(this.redisson.<String>getScoredSortedSet(key(resourceId, "queue"), StringCodec.INSTANCE)
				.rank(requestId))
			.map(Integer::longValue));
	}

	/**
	 * @param resourceId the resource
	 * @param requestId a request
	 * @return whether it is admitted and neither written nor released yet (in flight)
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public boolean inFlight(String resourceId, String requestId) {
		return guarded(() -> this.redisson.<String>getScoredSortedSet(key(resourceId, "inflight"), StringCodec.INSTANCE)
			.contains(requestId));
	}

	/**
	 * @param resourceId the resource
	 * @return the gate's generation ({@link Admission#epoch()} of what it admits now), or
	 * empty if the gate is missing (it is rebuilt, with a new generation, on first use)
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public Optional<String> epoch(String resourceId) {
		return guarded(() -> Optional.ofNullable(
				this.redisson.<String, String>getMap(key(resourceId, "gate"), StringCodec.INSTANCE).get("epoch")));
	}

	/**
	 * Gives back an admission the database did not turn into a write, and ends its
	 * in-flight tracking. Best effort: if Redis cannot answer, the gate stays short until
	 * it is reconciled, which never oversells.
	 * @param admission what {@link #admit} returned
	 * @param refusal the database's refusal, or {@code null} if the write failed:
	 * SOLD_OUT sets the stock to 0, a limit keeps the holder's counts, NOT_OPEN and
	 * NOT_FOUND drop the gate (its status is stale), anything else restores both
	 */
	public void release(Admission admission, GateRefusal refusal) {
		try {
			if (refusal == GateRefusal.NOT_OPEN || refusal == GateRefusal.NOT_FOUND) {
				invalidate(admission.resourceId());
				return;
			}
			String stock = (refusal == GateRefusal.SOLD_OUT) ? "zero" : "restore";
			String holder = (refusal == GateRefusal.HOLDER_LIMIT || refusal == GateRefusal.PERIOD_LIMIT) ? "keep"
					: "restore";
			guarded(() -> this.releaseScript.run(RScript.ReturnType.LONG, keys(admission.resourceId()),
					admission.holderId(), admission.epoch(), stock, holder, admission.units(), admission.period(),
					admission.requestId()));
		}
		catch (GateUnavailableException ex) {
			log.warn("Could not release admission of {} to {} {}: {}", admission.holderId(), this.name,
					admission.resourceId(), ex.getMessage());
		}
	}

	/**
	 * Ends the in-flight tracking of requests the database has written. Best effort: what
	 * is left is cleared by reconciliation.
	 * @param resourceId the resource
	 * @param requestIds the written requests
	 */
	public void settle(String resourceId, Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return;
		}
		try {
			guarded(() -> this.settleScript.run(RScript.ReturnType.LONG,
					List.of(key(resourceId, "inflight"), key(resourceId, "queue")), requestIds.toArray()));
		}
		catch (GateUnavailableException ex) {
			log.debug("In-flight marks of {} {} left to reconciliation: {}", this.name, resourceId, ex.getMessage());
		}
	}

	/**
	 * Drops the gate so the next request rebuilds it from the database. Best effort: if
	 * Redis cannot answer, the gate is left as it is (the database still decides).
	 * @param resourceId the resource
	 */
	public void invalidateQuietly(String resourceId) {
		try {
			invalidate(resourceId);
		}
		catch (GateUnavailableException ex) {
			log.warn("Gate of {} {} not dropped: {}", this.name, resourceId, ex.getMessage());
		}
	}

	/**
	 * Builds the gate now (e.g. when the resource is created), unless it exists. Best
	 * effort: it is built on first use otherwise.
	 * @param resourceId the resource
	 */
	public void prepare(String resourceId) {
		try {
			rebuild(resourceId);
		}
		catch (RuntimeException ex) {
			log.warn("Gate of {} {} not built now, will be built on first use: {}", this.name, resourceId,
					ex.getMessage());
		}
	}

	/**
	 * @param resourceId the resource
	 * @return the gate's fields (empty if missing) and its in-flight requests with when
	 * they were admitted
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public Snapshot snapshot(String resourceId) {
		return guarded(() -> {
			Map<String, String> gate = this.redisson
				.<String, String>getMap(key(resourceId, "gate"), StringCodec.INSTANCE)
				.readAllMap();
			Map<String, Instant> inFlight = new HashMap<>();
			this.redisson.<String>getScoredSortedSet(key(resourceId, "inflight"), StringCodec.INSTANCE)
				.entryRange(0, -1)
				.forEach((entry) -> inFlight.put(entry.getValue(), Instant.ofEpochMilli(entry.getScore().longValue())));
			return new Snapshot(gate, inFlight);
		});
	}

	/**
	 * Notes on the gate when reconciliation rebuilt it and how many admissions it gave
	 * back, so every instance's admin endpoint can tell (fields {@code reconciledAt},
	 * {@code reconciledReleased}; they live as long as this gate generation).
	 * @param resourceId the resource
	 * @param at when
	 * @param released admissions given back
	 */
	void markReconciled(String resourceId, Instant at, int released) {
		guarded(() -> {
			this.redisson.<String, String>getMap(key(resourceId, "gate"), StringCodec.INSTANCE)
				.putAll(Map.of("reconciledAt", Long.toString(at.toEpochMilli()), "reconciledReleased",
						Integer.toString(released)));
			return null;
		});
	}

	/**
	 * @return ids of the resources whose gates were built and may still exist
	 * @throws GateUnavailableException if Redis cannot answer
	 */
	public Set<String> resources() {
		return guarded(() -> this.redisson.<String>getSet(this.name + ":gates", StringCodec.INSTANCE).readAll());
	}

	/**
	 * Forgets a resource whose gate no longer exists (expired after its window).
	 * @param resourceId the resource
	 */
	void forget(String resourceId) {
		guarded(() -> this.redisson.<String>getSet(this.name + ":gates", StringCodec.INSTANCE).remove(resourceId));
	}

	/**
	 * @return the kind of resource ({@code coupon}), the keys' prefix
	 */
	public String name() {
		return this.name;
	}

	private List<Object> runAdmit(String resourceId, String holderId, int units, String period, String requestId,
			boolean waitingRoom) {
		return guarded(() -> this.admitScript.run(RScript.ReturnType.LIST, keys(resourceId), holderId,
				this.clock.millis(), units, period, requestId, waitingRoom ? "1" : "0"));
	}

	private void rebuild(String resourceId) {
		RLock lock = this.redisson.getLock(key(resourceId, "gate-lock"));
		boolean locked = guarded(() -> tryLock(lock));
		if (!locked) {
			throw new GateUnavailableException(
					"gate of " + this.name + " " + resourceId + " is being rebuilt elsewhere", null);
		}
		try {
			guarded(() -> {
				if (this.redisson.getMap(key(resourceId, "gate"), StringCodec.INSTANCE).containsKey("epoch")) {
					return null;
				}
				write(resourceId, this.snapshots.read(resourceId));
				return null;
			});
		}
		finally {
			unlock(lock);
		}
	}

	private void write(String resourceId, GateState state) {
		Map<String, String> holders = new HashMap<>();
		state.holders().forEach((holder, units) -> holders.put(holder, Integer.toString(units)));
		state.periodHolders().forEach((holder, units) -> holders.put(state.period() + "|" + holder, units.toString()));
		Map<String, String> gate = Map.of("status", state.open() ? "ACTIVE" : "CLOSED", "startsAt",
				Long.toString(state.startsAt().toEpochMilli()), "endsAt", Long.toString(state.endsAt().toEpochMilli()),
				"perHolderLimit", Integer.toString(state.perHolderLimit()), "perPeriodLimit",
				Integer.toString(state.perPeriodLimit()), "stock", Long.toString(state.remaining()), "epoch",
				UUID.randomUUID().toString());
		RBatch batch = this.redisson
			.createBatch(BatchOptions.defaults().executionMode(BatchOptions.ExecutionMode.IN_MEMORY_ATOMIC));
		RMapAsync<String, String> holderMap = batch.getMap(key(resourceId, "holders"), StringCodec.INSTANCE);
		RMapAsync<String, String> gateMap = batch.getMap(key(resourceId, "gate"), StringCodec.INSTANCE);
		holderMap.deleteAsync();
		gateMap.deleteAsync();
		batch.getScoredSortedSet(key(resourceId, "inflight"), StringCodec.INSTANCE).deleteAsync();
		batch.getScoredSortedSet(key(resourceId, "queue"), StringCodec.INSTANCE).deleteAsync();
		if (!holders.isEmpty()) {
			holderMap.putAllAsync(holders, 1000);
			holderMap.expireAsync(state.expiresAt());
		}
		gateMap.putAllAsync(gate);
		gateMap.expireAsync(state.expiresAt());
		batch.execute();
		// Outside the atomic batch: the registry is a key of its own, in another cluster
		// slot.
		this.redisson.<String>getSet(this.name + ":gates", StringCodec.INSTANCE).add(resourceId);
		log.info("Rebuilt gate of {} {} from the database: stock {}, {} holders", this.name, resourceId,
				state.remaining(), state.holders().size());
	}

	private void invalidate(String resourceId) {
		guarded(() -> this.redisson.getKeys()
			.delete(key(resourceId, "gate"), key(resourceId, "holders"), key(resourceId, "inflight"),
					key(resourceId, "queue")));
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

	private List<Object> keys(String resourceId) {
		return List.of(key(resourceId, "gate"), key(resourceId, "holders"), key(resourceId, "inflight"),
				key(resourceId, "queue"));
	}

	/**
	 * @param resourceId the resource
	 * @param part {@code gate}, {@code holders}, {@code inflight}, {@code queue} or
	 * {@code gate-lock}
	 * @return the key, hash-tagged by the resource id
	 */
	public String key(String resourceId, String part) {
		return this.name + ":{" + resourceId + "}:" + part;
	}

	/**
	 * What the gate of one resource holds now.
	 *
	 * @param gate the gate hash (status, window, limits, stock, epoch); empty if missing
	 * @param inFlight requests admitted and not yet written or released, with when
	 */
	public record Snapshot(Map<String, String> gate, Map<String, Instant> inFlight) {
	}

}
