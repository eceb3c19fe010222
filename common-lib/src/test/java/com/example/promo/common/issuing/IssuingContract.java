package com.example.promo.common.issuing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

import com.example.promo.common.test.HttpTestSupport;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issuing kit's contract, proven against a service's real stack (DESIGN.md §2, §3): a
 * service's test class implements this interface (and extends its own integration support
 * class) and supplies a few callbacks; every scenario then runs against its resource,
 * through its HTTP API, and asserts the database:
 * <ul>
 * <li>a stampede of 300 holders on 100 units, per strategy and mixed;</li>
 * <li>one holder pressing twenty times, per strategy; one Idempotency-Key pressed twenty
 * times (v2, v3);</li>
 * <li>Redis flushed in the middle of a burst (the gate is rebuilt from the
 * database);</li>
 * <li>a request delivered again in a later poll, and an unreadable record among good
 * ones;</li>
 * <li>a process that died with admissions in flight: after reconciliation the resource
 * still sells out to exactly its units.</li>
 * </ul>
 * The service's test configuration must set {@code promo.issuing.reconcile-after} to a
 * second or two (the crash scenario waits that long).
 */
public interface IssuingContract {

	/** Units of each resource a scenario creates. */
	int UNITS = 100;

	/** Distinct holders of a stampede. */
	int HOLDERS = 300;

	/**
	 * @return the service's kit for the resource kind under test
	 */
	Issuing<?, ?> issuing();

	/**
	 * @return Redis, for flushing it and reading the gate
	 */
	RedissonClient redisson();

	/**
	 * Creates an open resource through the service's API.
	 * @param units total units
	 * @param perHolderLimit units per holder
	 * @return its id
	 */
	String createResource(int units, int perHolderLimit);

	/**
	 * One issuing request through the service's HTTP API, as the holder.
	 * @param resourceId the resource
	 * @param holderId the holder (the token's subject)
	 * @param strategy the strategy asked for
	 * @param idempotencyKey the key, or {@code null}
	 * @return what the caller was told
	 */
	Answer request(String resourceId, String holderId, IssueStrategy strategy, String idempotencyKey);

	/**
	 * @param requestId a queued request
	 * @return its outcome in the database (PENDING while it has none)
	 */
	RequestOutcome outcome(String requestId);

	/**
	 * @param resourceId the resource
	 * @return units per holder in the database
	 */
	Map<String, Integer> holdersInDatabase(String resourceId);

	/**
	 * @param resourceId the resource
	 * @return units the resource's guarded counter says were taken (e.g.
	 * {@code issued_quantity})
	 */
	int takenUnits(String resourceId);

	/**
	 * Publishes a request straight to the resource's topic, as v3 would, without
	 * admission.
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param requestId the request id
	 */
	void publish(String resourceId, String holderId, String requestId);

	/**
	 * Publishes a value the consumer cannot deserialize to the resource's topic, keyed by
	 * the resource.
	 * @param resourceId the resource
	 * @param value the raw value
	 */
	void publishUnreadable(String resourceId, String value);

	/**
	 * What a caller was told.
	 *
	 * @param status the HTTP status
	 * @param code the problem's code, or {@code null}
	 * @param servedBy the {@code X-Strategy} header
	 * @param requestId the request id of a 202, or {@code null}
	 * @param holderId the holder who asked
	 */
	record Answer(int status, String code, String servedBy, String requestId, String holderId) {

		/**
		 * @param response an issuing endpoint's response (201, 202 with
		 * {@code requestId}, or a problem)
		 * @param holderId the holder who asked
		 * @return what the caller was told
		 */
		public static Answer of(HttpTestSupport.Response response, String holderId) {
			return new Answer(response.status(), (response.status() >= 400) ? response.code() : null,
					response.header("X-Strategy"),
					(response.status() == 202) ? response.json().get("requestId").asString() : null, holderId);
		}

	}

	/**
	 * Publishes a raw string record, bypassing the services' serializer (for
	 * {@link #publishUnreadable}).
	 * @param broker the embedded broker
	 * @param topic the topic
	 * @param key the record key
	 * @param value the value, as is
	 */
	static void publishRaw(EmbeddedKafkaBroker broker, String topic, String key, String value) {
		KafkaTemplate<String, String> raw = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(broker), new StringSerializer(), new StringSerializer()));
		try {
			raw.send(topic, key, value).join();
		}
		finally {
			raw.destroy();
		}
	}

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	default void aStampedeTakesExactlyTheUnitsOncePerHolder(IssueStrategy strategy) throws Exception {
		String resourceId = createResource(UNITS, 1);
		String prefix = "burst-" + strategy + "-" + resourceId + "-";

		List<Answer> answers = burst(HOLDERS, (i) -> request(resourceId, prefix + i, strategy, null));

		assertThat(answers).allSatisfy((answer) -> assertThat(answer.servedBy()).isEqualTo(strategy.toString()));
		assertOnlyExpectedAnswers(answers);
		assertDatabaseAgreesWith(resourceId, awaitOutcomes(answers), UNITS);
	}

	@ParameterizedTest
	@EnumSource(IssueStrategy.class)
	default void oneHolderHammeringTwentyTimesTakesOneUnit(IssueStrategy strategy) throws Exception {
		String resourceId = createResource(UNITS, 1);
		String holderId = "hammer-" + strategy + "-" + resourceId;

		List<Answer> answers = burst(20, (i) -> request(resourceId, holderId, strategy, null));

		awaitOutcomes(answers);
		assertThat(holdersInDatabase(resourceId)).isEqualTo(Map.of(holderId, 1));
		assertThat(takenUnits(resourceId)).isEqualTo(1);
		assertThat(answers).filteredOn((answer) -> answer.status() >= 400)
			.allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(409));
		if (strategy != IssueStrategy.V3) {
			assertThat(answers).filteredOn((answer) -> answer.status() == 201).hasSize(1);
		}
	}

	/**
	 * One holder presses twenty times at once with one Idempotency-Key where two units
	 * per holder are allowed: one unit is taken, and the gate holds exactly that (the
	 * repeats took nothing, v3, or gave back what they took, v2).
	 */
	@ParameterizedTest
	@EnumSource(value = IssueStrategy.class, names = { "V2", "V3" })
	default void oneIdempotencyKeyPressedTwentyTimesTakesOneUnit(IssueStrategy strategy) throws Exception {
		String resourceId = createResource(UNITS, 2);
		String holderId = "same-key-" + strategy + "-" + resourceId;

		List<Answer> answers = burst(20, (i) -> request(resourceId, holderId, strategy, "press-" + resourceId));

		assertOnlyExpectedAnswers(answers);
		awaitOutcomes(answers);
		assertThat(holdersInDatabase(resourceId)).isEqualTo(Map.of(holderId, 1));
		assertThat(takenUnits(resourceId)).isEqualTo(1);
		assertThat(gate(resourceId, "holders").get(holderId)).isEqualTo("1");
		assertThat(gate(resourceId, "gate").get("stock")).isEqualTo(Integer.toString(UNITS - 1));
		assertThat(redisson().getMap(issuing().gate().key(resourceId, "holders")).remainTimeToLive())
			.as("the holders hash expires with the gate")
			.isPositive();
	}

	@Test
	default void mixedStrategiesOnOneResourceTakeExactlyTheUnits() throws Exception {
		String resourceId = createResource(UNITS, 1);
		IssueStrategy[] strategies = IssueStrategy.values();

		List<Answer> answers = burst(HOLDERS,
				(i) -> request(resourceId, "mixed-" + resourceId + "-" + i, strategies[i % 3], null));

		assertOnlyExpectedAnswers(answers);
		assertDatabaseAgreesWith(resourceId, awaitOutcomes(answers), UNITS);
	}

	/**
	 * The first half of the holders press at once; when 40 have their answer, Redis is
	 * flushed, and only then the second half presses, so the gate must be rebuilt from
	 * the database in the middle of the burst.
	 */
	@ParameterizedTest
	@EnumSource(value = IssueStrategy.class, names = { "V2", "V3" })
	default void redisFlushedInTheMiddleOfABurstStillTakesExactlyTheUnits(IssueStrategy strategy) throws Exception {
		String resourceId = createResource(UNITS, 1);
		String epochBefore = gate(resourceId, "gate").get("epoch");
		AtomicInteger answered = new AtomicInteger();
		AtomicInteger answeredWhenFlushed = new AtomicInteger(-1);
		CountDownLatch flushed = new CountDownLatch(1);

		List<Answer> answers = burst(HOLDERS, (i) -> {
			if (i >= HOLDERS / 2) {
				awaitQuietly(flushed);
			}
			Answer answer = request(resourceId, "flush-" + strategy + "-" + resourceId + "-" + i, strategy, null);
			if (answered.incrementAndGet() == 40) {
				redisson().getKeys().flushdb();
				answeredWhenFlushed.set(answered.get());
				flushed.countDown();
			}
			return answer;
		});

		assertThat(epochBefore).isNotNull();
		assertThat(answeredWhenFlushed.get()).as("answers when Redis was flushed").isBetween(40, HOLDERS / 2);
		assertThat(gate(resourceId, "gate").get("epoch")).as("gate rebuilt after the flush")
			.isNotNull()
			.isNotEqualTo(epochBefore);
		assertOnlyExpectedAnswers(answers);
		assertDatabaseAgreesWith(resourceId, awaitOutcomes(answers), UNITS);
	}

	/**
	 * A request delivered again in a later poll (the consumer has written it and
	 * committed in between) is written once; the request behind it on the same partition
	 * proves the repeat was consumed.
	 */
	@Test
	default void aRequestDeliveredAgainInALaterPollIsWrittenOnce() {
		String resourceId = createResource(10, 5);
		String twice = UUID.randomUUID().toString();
		String after = UUID.randomUUID().toString();

		publish(resourceId, "redelivered", twice);
		awaitDecided(twice);
		publish(resourceId, "redelivered", twice);
		publish(resourceId, "after-the-repeat", after);
		awaitDecided(after);

		assertThat(holdersInDatabase(resourceId)).isEqualTo(Map.of("redelivered", 1, "after-the-repeat", 1));
		assertThat(takenUnits(resourceId)).isEqualTo(2);
	}

	/** An unreadable record is dead-lettered alone; the records around it are written. */
	@Test
	default void anUnreadableRecordIsDeadLetteredAloneAndItsNeighboursAreWritten() {
		String resourceId = createResource(10, 1);
		String before = UUID.randomUUID().toString();
		String after = UUID.randomUUID().toString();

		publish(resourceId, "before-the-poison", before);
		publishUnreadable(resourceId, "{not json");
		publish(resourceId, "after-the-poison", after);
		awaitDecided(before);
		awaitDecided(after);

		assertThat(outcome(before)).isEqualTo(RequestOutcome.SUCCEEDED);
		assertThat(outcome(after)).isEqualTo(RequestOutcome.SUCCEEDED);
		assertThat(takenUnits(resourceId)).isEqualTo(2);
	}

	/**
	 * A process died with admissions in flight (taken at the gate, never written nor
	 * released): once they are older than {@code promo.issuing.reconcile-after} and the
	 * resource is quiet, reconciliation rebuilds its gate from the database, and the
	 * resource still sells out to exactly its units.
	 */
	@Test
	default void admissionsStrandedByACrashAreReconciledAndTheResourceSellsOut() throws Exception {
		String resourceId = createResource(UNITS, 1);
		for (int i = 0; i < 30; i++) {
			issuing().admit(IssueStrategy.V2, resourceId, "crashed-" + i, 1, "", UUID.randomUUID().toString());
		}
		assertThat(gate(resourceId, "gate").get("stock")).isEqualTo(Integer.toString(UNITS - 30));

		await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> issuing().reconcile().contains(resourceId));
		Issuing.GateReport report = issuing().report(resourceId);
		assertThat(report.gateStock()).isEqualTo(UNITS);
		assertThat(report.databaseRemaining()).isEqualTo(UNITS);
		assertThat(report.lastReconciliation().released()).isEqualTo(30);

		List<Answer> answers = burst(HOLDERS,
				(i) -> request(resourceId, "after-crash-" + resourceId + "-" + i, IssueStrategy.values()[i % 3], null));
		assertOnlyExpectedAnswers(answers);
		assertDatabaseAgreesWith(resourceId, awaitOutcomes(answers), UNITS);
	}

	/**
	 * Fires all calls at once (one virtual thread each, released together).
	 * @param <T> the answer type
	 * @param count how many calls
	 * @param call the i-th call
	 * @return the answers, in call order
	 * @throws Exception if a call failed to complete
	 */
	static <T> List<T> burst(int count, IntFunction<T> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<T>> futures = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(threads.submit(() -> {
					start.await();
					return call.apply(index);
				}));
			}
			start.countDown();
			List<T> answers = new ArrayList<>(count);
			for (Future<T> future : futures) {
				answers.add(future.get());
			}
			return answers;
		}
	}

	/**
	 * Waits for a latch inside a burst's call.
	 * @param latch the latch
	 */
	static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private Map<String, String> gate(String resourceId, String part) {
		return redisson().<String, String>getMap(issuing().gate().key(resourceId, part), StringCodec.INSTANCE)
			.readAllMap();
	}

	private void awaitDecided(String requestId) {
		await().atMost(Duration.ofSeconds(30)).until(() -> outcome(requestId) != RequestOutcome.PENDING);
	}

	private static void assertOnlyExpectedAnswers(List<Answer> answers) {
		assertThat(answers).allSatisfy((answer) -> {
			if (answer.status() >= 400) {
				assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
			}
			else {
				assertThat(answer.status()).as(answer.toString()).isIn(201, 202);
			}
		});
	}

	/**
	 * The holders finally told they got a unit: each 201, plus each 202 whose request the
	 * database decided SUCCEEDED (waits for the queue to drain).
	 */
	private Set<String> awaitOutcomes(List<Answer> answers) {
		Set<String> taken = new HashSet<>();
		Map<String, String> queued = new HashMap<>();
		for (Answer answer : answers) {
			if (answer.status() == 201) {
				taken.add(answer.holderId());
			}
			else if (answer.status() == 202) {
				queued.put(answer.requestId(), answer.holderId());
			}
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> queued.keySet().stream().noneMatch((id) -> outcome(id) == RequestOutcome.PENDING));
		queued.forEach((requestId, holderId) -> {
			if (outcome(requestId) == RequestOutcome.SUCCEEDED) {
				taken.add(holderId);
			}
		});
		return taken;
	}

	private void assertDatabaseAgreesWith(String resourceId, Set<String> told, int units) {
		Map<String, Integer> holders = holdersInDatabase(resourceId);
		assertThat(told).hasSize(units);
		assertThat(holders.keySet()).as("the database holds what callers were told").isEqualTo(told);
		assertThat(holders.values()).as("no holder twice").allMatch((n) -> n == 1);
		assertThat(takenUnits(resourceId)).isEqualTo(units);
	}

}
