package com.example.promo.common.issuing;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.redisson.RedissonObject;
import org.redisson.api.BatchOptions;
import org.redisson.api.RBatch;
import org.redisson.api.RBucket;
import org.redisson.api.RKeys;
import org.redisson.api.RLock;
import org.redisson.api.RMap;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.Codec;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.CRC16;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Every Lua script of the gate runs unchanged on Redis Cluster: all the keys one call
 * passes (the gate's scripts, and Redisson's own lock scripts on the rebuild lock) hash
 * to one slot. The keys are the ones the kit really passes — a real {@link AdmissionGate}
 * and {@link RequestQueue} over a Redisson client that records them — and the slot is
 * computed by the Redis Cluster specification's rule, independently of Redis and
 * Redisson.
 */
class ClusterKeySlotTests {

	private static final int SLOTS = 16384;

	/** Coupon-like ids, the largest id, and other shapes of id a service may use. */
	private static final List<String> RESOURCE_IDS = Stream
		.concat(LongStream.rangeClosed(1, 3000).mapToObj(Long::toString),
				Stream.of("0", Long.toString(Long.MAX_VALUE), "2026-11-23", "sale_7", UUID.randomUUID().toString()))
		.toList();

	private final List<List<Object>> scriptKeys = new ArrayList<>();

	private final List<String> lockNames = new ArrayList<>();

	private final List<String> deletedKeys = new ArrayList<>();

	private final List<String> bucketNames = new ArrayList<>();

	private final List<String> batchKeys = new ArrayList<>();

	private final RScript script = mock(RScript.class, (invocation) -> switch (invocation.getMethod().getName()) {
		case "scriptLoad" -> "sha";
		case "evalSha" -> {
			this.scriptKeys.add(List.copyOf((List<?>) invocation.getArgument(4)));
			yield (invocation.getArgument(3) == RScript.ReturnType.LIST) ? List.of(1L, "epoch", 1L) : 1L;
		}
		default -> null;
	});

	private final RKeys keys = mock(RKeys.class, (invocation) -> {
		if (invocation.getMethod().getName().equals("delete")) {
			Arrays.stream(invocation.getArguments()).map(String.class::cast).forEach(this.deletedKeys::add);
			return 3L;
		}
		return null;
	});

	private final RedissonClient redisson = redisson();

	private final IssuingProperties properties = new IssuingProperties(Duration.ZERO, Duration.ofSeconds(30),
			Duration.ofDays(1), 1, 200, 10, Duration.ofSeconds(5), Duration.ofSeconds(7), Duration.ofSeconds(30), 1000,
			Duration.ofMinutes(3), 30_000);

	private final AdmissionGate gate = new AdmissionGate("coupon", this.redisson, ClusterKeySlotTests::noRebuild,
			CircuitBreaker.ofDefaults("test"), this.properties, Clock.systemUTC(), (refusal, id) -> {
				throw new AssertionError("every request is admitted here");
			});

	@Test
	void theSpecificationsCrc16() {
		// Redis Cluster specification, appendix A: CRC16 of "123456789" is 0x31C3.
		assertThat(crc16("123456789".getBytes(StandardCharsets.US_ASCII))).isEqualTo(0x31C3);
		// CLUSTER KEYSLOT's documented examples.
		assertThat(slot("somekey")).isEqualTo(11058);
		assertThat(slot("foo{hash_tag}")).isEqualTo(2515);
		// Hash tags: only what is between the first { and the next } is hashed ...
		assertThat(slot("{user1000}.following")).isEqualTo(slot("user1000"));
		assertThat(slot("foo{}{bar}")).isEqualTo(slot("foo{}{bar}".getBytes(StandardCharsets.UTF_8)));
		assertThat(slot("foo{{bar}}zap")).isEqualTo(slot("{bar"));
		assertThat(slot("foo{bar}{zap}")).isEqualTo(slot("bar"));
		// ... and the rule agrees with Redisson's own slot function on every key below.
		for (String id : RESOURCE_IDS) {
			String key = this.gate.key(id, "gate");
			assertThat(slot(key)).isEqualTo(CRC16.crc16(hashed(key).getBytes(StandardCharsets.UTF_8)) % SLOTS);
		}
	}

	@Test
	void eachScriptCallsKeysShareTheResourcesSlot() {
		for (String id : RESOURCE_IDS) {
			this.scriptKeys.clear();
			Admission admission = this.gate.admit(id, "alice", 1, "", "request-" + id, true);
			this.gate.release(admission, null);
			this.gate.settle(id, List.of("request-" + id));

			assertThat(this.scriptKeys).as("admit, release, settle of %s", id).hasSize(3);
			assertThat(this.scriptKeys.get(0)).containsExactly("coupon:{" + id + "}:gate",
					"coupon:{" + id + "}:holders", "coupon:{" + id + "}:inflight", "coupon:{" + id + "}:queue");
			this.scriptKeys.forEach((call) -> assertThat(slots(call)).as("keys %s", call).containsOnly(slot(id)));
		}
	}

	@Test
	void theGatesPartsAndItsRebuildLockShareTheResourcesSlot() {
		for (String id : RESOURCE_IDS) {
			List<String> parts = Stream.of("gate", "holders", "inflight", "queue", "gate-lock")
				.map((part) -> this.gate.key(id, part))
				.toList();
			assertThat(slots(parts)).as("parts of %s", id).containsOnly(slot(id));
		}
	}

	@Test
	void redissonsLockScriptsOnTheRebuildLockStayInItsSlot() {
		for (String id : RESOURCE_IDS.subList(0, 50)) {
			this.lockNames.clear();
			this.gate.prepare(id); // takes the lock (refused here), then would rebuild
			assertThat(this.lockNames).containsExactly("coupon:{" + id + "}:gate-lock");
			String lock = this.lockNames.get(0);
			// RedissonLock's scripts pass the lock, its channel and its unlock latch as
			// KEYS.
			List<String> lockScriptKeys = List.of(lock, RedissonObject.prefixName("redisson_lock__channel", lock),
					RedissonObject.prefixName("redisson_unlock_latch", lock) + ":" + UUID.randomUUID());
			assertThat(slots(lockScriptKeys)).as("lock keys %s", lockScriptKeys).containsOnly(slot(id));
		}
	}

	@Test
	void droppingAGateDeletesKeysOfOneSlot() {
		for (String id : RESOURCE_IDS.subList(0, 200)) {
			this.deletedKeys.clear();
			this.gate.invalidateQuietly(id);
			assertThat(this.deletedKeys).hasSize(4);
			assertThat(slots(this.deletedKeys)).containsOnly(slot(id));
		}
	}

	/**
	 * The rebuild's atomic batch (MULTI/EXEC) touches the resource's slot only: the
	 * {@code coupon:gates} registry, another slot, is written apart from it. (It was
	 * inside once: on a real 3-master cluster every resource whose slot shared a node
	 * with {@code coupon:gates} got {@code CROSSSLOT} on EXEC and never had a gate.)
	 */
	@Test
	void aRebuildWritesOneSlotAtomically() throws InterruptedException {
		RBatch batch = mock(RBatch.class, (invocation) -> {
			if (invocation.getMethod().getName().startsWith("get")) {
				this.batchKeys.add(invocation.getArgument(0));
			}
			return mock(invocation.getMethod().getReturnType());
		});
		given(this.redisson.createBatch(any(BatchOptions.class))).willReturn(batch);
		given(this.redisson.getMap(anyString(), any(Codec.class))).willReturn(mock(RMap.class));
		RLock lock = mock(RLock.class);
		given(lock.tryLock(anyLong(), anyLong(), any(TimeUnit.class))).willReturn(true);
		given(lock.isHeldByCurrentThread()).willReturn(true);
		given(this.redisson.getLock(anyString())).willReturn(lock);
		AdmissionGate gate = new AdmissionGate("coupon", this.redisson, (id) -> {
			Instant now = Instant.now();
			return GateState.of(true, now, now.plusSeconds(60), 1, 100, Map.of("alice", 1), now.plusSeconds(120));
		}, CircuitBreaker.ofDefaults("test"), this.properties, Clock.systemUTC(), (refusal, id) -> {
			throw new AssertionError("no admission here");
		});
		for (String id : RESOURCE_IDS.subList(0, 50)) {
			this.batchKeys.clear();
			gate.prepare(id);
			assertThat(this.batchKeys).contains("coupon:{" + id + "}:gate");
			assertThat(slots(this.batchKeys)).as("slots of %s, the rebuild of %s", this.batchKeys, id)
				.containsOnly(slot(id));
		}
	}

	@Test
	void resourcesSpreadOverTheCluster() {
		Set<Integer> used = new HashSet<>(slots(RESOURCE_IDS.stream().map((id) -> this.gate.key(id, "gate")).toList()));
		// 3,005 ids over 16,384 slots: a uniform hash hits ~2,700 distinct slots.
		assertThat(used).hasSizeGreaterThan(2_500);
	}

	@Test
	void aRequestMarkerIsTaggedByItsRequestId() {
		RequestQueue queue = new RequestQueue("coupon", "coupon.issue.requested", null, this.redisson, this.properties);
		Set<Integer> used = new HashSet<>();
		for (int i = 0; i < 2000; i++) {
			String requestId = UUID.randomUUID().toString();
			this.bucketNames.clear();
			queue.reserve(requestId, "42", "alice");
			assertThat(this.bucketNames).containsExactly("coupon-request:{" + requestId + "}");
			// One key per command, so any slot works; tagged by the request id, markers
			// spread over the cluster instead of piling onto one node.
			assertThat(slot(this.bucketNames.get(0))).isEqualTo(slot(requestId));
			used.add(slot(requestId));
		}
		assertThat(used).hasSizeGreaterThan(1_800);
	}

	private static GateState noRebuild(String resourceId) {
		throw new AssertionError("the gate is never rebuilt here");
	}

	private RedissonClient redisson() {
		RedissonClient client = mock(RedissonClient.class);
		given(client.getScript(StringCodec.INSTANCE)).willReturn(this.script);
		given(client.getKeys()).willReturn(this.keys);
		given(client.getLock(anyString())).willAnswer((invocation) -> {
			this.lockNames.add(invocation.getArgument(0));
			return mock(RLock.class);
		});
		given(client.getBucket(anyString(), any(Codec.class))).willAnswer((invocation) -> {
			this.bucketNames.add(invocation.getArgument(0));
			return mock(RBucket.class);
		});
		return client;
	}

	private static List<Integer> slots(List<?> keys) {
		return keys.stream().map((key) -> slot((String) key)).toList();
	}

	/**
	 * HASH_SLOT = CRC16(key) mod 16384, where only the hash tag is hashed if the key has
	 * one: the characters between the first '{' and the first '}' after it, if there is
	 * at least one (Redis Cluster specification, "Key distribution model" and "Hash
	 * tags", https://redis.io/docs/latest/operate/oss_and_stack/reference/cluster-spec/).
	 */
	static int slot(String key) {
		return slot(hashed(key).getBytes(StandardCharsets.UTF_8));
	}

	private static int slot(byte[] bytes) {
		return crc16(bytes) % SLOTS;
	}

	private static String hashed(String key) {
		int open = key.indexOf('{');
		int close = (open < 0) ? -1 : key.indexOf('}', open + 1);
		return (close > open + 1) ? key.substring(open + 1, close) : key;
	}

	/**
	 * CRC16 as the specification defines it: XMODEM (polynomial 0x1021, initial value 0,
	 * no reflection, no final XOR).
	 */
	static int crc16(byte[] bytes) {
		int crc = 0;
		for (byte b : bytes) {
			crc ^= (b & 0xFF) << 8;
			for (int bit = 0; bit < 8; bit++) {
				crc = ((crc & 0x8000) != 0) ? (crc << 1) ^ 0x1021 : crc << 1;
			}
		}
		return crc & 0xFFFF;
	}

}
