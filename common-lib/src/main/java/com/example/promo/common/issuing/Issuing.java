package com.example.promo.common.issuing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.kafka.DeadLetterAutoConfiguration;
import com.example.promo.common.kafka.DeadLetterHandler;
import com.example.promo.common.kafka.TransientFailures;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.serializer.JacksonJsonDeserializer;

/**
 * The issuing kit for one kind of resource (DESIGN.md §3): the machinery of v2 and v3
 * behind the service's own strategy choreography. The service admits ({@link #admit}),
 * then writes through ({@link #writeThrough}, v2) or enqueues ({@link #enqueue}, v3); v1
 * and replays stay the service's. Every admission the database does not turn into a write
 * is released once, by whoever learns the outcome: the caller, the group commit's late
 * outcome, the consumer, the in-doubt sweep, the dead-letter handler, or — after a crash
 * — reconciliation.
 * <p>
 * Built by {@link IssuingInfrastructure#issuing}; a lifecycle bean that starts the group
 * commit writers, the queue consumer and two jobs: the in-doubt sweep (every
 * {@code promo.issuing.in-doubt-check-ms}, on every instance, idempotent) and gate
 * reconciliation (every {@code promo.issuing.reconcile-every-ms}, one instance at a time
 * under a Redisson lock).
 *
 * @param <R> the request type
 * @param <W> the outcome type
 */
public class Issuing<R extends QueuedRequest, W extends WriteOutcome> implements SmartLifecycle, DeadLetterHandler {

	private static final Logger log = LoggerFactory.getLogger(Issuing.class);

	/** How often {@link #awaitSettled} looks, milliseconds. */
	private static final long SETTLED_POLL_MS = 10;

	private final IssuingResource<R, W> resource;

	private final AdmissionGate gate;

	private final GroupCommit<R, W> groupCommit;

	private final RequestQueue queue;

	private final InDoubtRequests inDoubt;

	private final IssueMetrics metrics;

	private final ConcurrentMessageListenerContainer<Object, Object> consumer;

	private final RedissonClient redisson;

	private final IssuingProperties properties;

	private final Clock clock;

	private final KafkaAdmin admin;

	private volatile ScheduledExecutorService jobs;

	Issuing(IssuingResource<R, W> resource, IssuingInfrastructure kit) {
		this.resource = resource;
		this.redisson = kit.redisson();
		this.properties = kit.properties();
		this.clock = kit.clock();
		this.admin = kit.admin();
		this.metrics = new IssueMetrics(kit.meters(), resource.name());
		this.gate = new AdmissionGate(resource.name(), kit.redisson(), resource.snapshots(),
				kit.breakers().circuitBreaker("redisGate"), kit.properties(), kit.clock(), resource.refusal());
		this.groupCommit = new GroupCommit<>(resource.name(), resource.writer(), this::settleWritten, kit.properties());
		this.queue = new RequestQueue(resource.name(), resource.topic(), kit.kafka(), kit.redisson(), kit.properties());
		this.inDoubt = new InDoubtRequests(resource.name(), kit.jdbc(), kit.transactions(), resource.outcomes(),
				this.gate, this.metrics, kit.properties(), kit.clock());
		this.consumer = consumer(resource, kit.listenerFactory());
	}

	/** For unit tests: the parts given, no consumer, no jobs. */
	Issuing(IssuingResource<R, W> resource, AdmissionGate gate, GroupCommit<R, W> groupCommit, RequestQueue queue,
			InDoubtRequests inDoubt, IssueMetrics metrics, IssuingProperties properties, Clock clock) {
		this.resource = resource;
		this.gate = gate;
		this.groupCommit = groupCommit;
		this.queue = queue;
		this.inDoubt = inDoubt;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
		this.redisson = null;
		this.admin = null;
		this.consumer = null;
	}

	/**
	 * Admits one request at the gate (v2 and v3).
	 * @param strategy what serves it (counted with a refusal)
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param units units wanted
	 * @param period the current period key, or {@code ""} without a period limit
	 * @param requestId the request
	 * @return the admission
	 * @throws IssueRefusedException the service's refusal (sold out, limit, not open, not
	 * found), served by {@code strategy}; nothing was taken
	 * @throws GateUnavailableException if Redis cannot answer: serve it with v1
	 */
	public Admission admit(IssueStrategy strategy, String resourceId, String holderId, int units, String period,
			String requestId) {
		return admit(strategy, resourceId, holderId, units, period, requestId, false);
	}

	/**
	 * {@link #admit(IssueStrategy, String, String, int, String, String)}, joining the
	 * resource's waiting room in the same atomic script when asked (time sales' v3: the
	 * admission's {@code sequence} is its place, {@link #position} tells how many are
	 * ahead).
	 * @param strategy what serves it
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param units units wanted
	 * @param period the current period key, or {@code ""}
	 * @param requestId the request
	 * @param waitingRoom whether to join the waiting room
	 * @return the admission
	 * @throws IssueRefusedException the service's refusal; nothing was taken
	 * @throws GateUnavailableException if Redis cannot answer: serve it with v1
	 */
	public Admission admit(IssueStrategy strategy, String resourceId, String holderId, int units, String period,
			String requestId, boolean waitingRoom) {
		try {
			return this.gate.admit(resourceId, holderId, units, period, requestId, waitingRoom);
		}
		catch (GateUnavailableException ex) {
			this.metrics.fellBack(strategy);
			throw ex;
		}
		catch (DomainException ex) {
			throw refused(strategy, ex);
		}
	}

	/**
	 * @param resourceId the resource
	 * @param requestId a request that joined the waiting room
	 * @return requests ahead of it, or empty once written or released (or if Redis cannot
	 * answer)
	 */
	public Optional<Long> position(String resourceId, String requestId) {
		try {
			return this.gate.position(resourceId, requestId);
		}
		catch (GateUnavailableException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Waits while a request is in flight at the gate (admitted, neither written nor
	 * released), at most {@code promo.issuing.write-timeout}. For a double click: the
	 * same Idempotency-Key pressed twice at once, where the twin that lost is refused at
	 * the holder limit by the units its own twin holds; once the twin is decided, the
	 * loser answers as its replay.
	 * @param resourceId the resource
	 * @param requestId the request id both twins share
	 * @return {@code true} once it is not in flight; {@code false} if it still is after
	 * the wait, or Redis cannot answer
	 */
	public boolean awaitSettled(String resourceId, String requestId) {
		Instant giveUp = this.clock.instant().plus(this.properties.writeTimeout());
		try {
			while (this.gate.inFlight(resourceId, requestId)) {
				if (!this.clock.instant().isBefore(giveUp)) {
					return false;
				}
				Thread.sleep(SETTLED_POLL_MS);
			}
			return true;
		}
		catch (GateUnavailableException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * v2: the admitted request's database write, coalesced with the other v2 requests in
	 * flight (group commit), waited for at most {@code promo.issuing.write-timeout}. The
	 * admission is released once if the database refuses or the write fails.
	 * @param request the admitted request
	 * @param admission its admission
	 * @return the outcome (success, or the database's refusal, already released and
	 * counted), or {@code null} if the same request id was written first (replay it)
	 * @throws DataIntegrityViolationException if a concurrent single write of the same
	 * holder won (released, keeping the holder's counts unless it was the same request)
	 * @throws IssueRefusedException {@code SERVICE_UNAVAILABLE} (queue full, stopping;
	 * released) or {@code WRITE_TIMEOUT} (outcome unknown; released only if withdrawn
	 * before any writer took it, else when its outcome comes)
	 * @throws RuntimeException whatever else failed the write (released)
	 */
	public W writeThrough(R request, Admission admission) {
		W written;
		try {
			written = this.groupCommit.write(request, (late, failure) -> settle(admission, late, failure));
		}
		catch (GroupCommit.NotQueued ex) {
			this.gate.release(admission, null);
			throw refused(IssueStrategy.V2, new DomainException(IssuingErrorCode.SERVICE_UNAVAILABLE,
					"Not taking requests now (" + ex.getMessage() + "); nothing was done. Retry shortly."));
		}
		catch (GroupCommit.TimedOut ex) {
			if (ex.withdrawn()) {
				this.gate.release(admission, null);
			}
			throw refused(IssueStrategy.V2, new DomainException(IssuingErrorCode.WRITE_TIMEOUT,
					ex.withdrawn() ? "The write was not done in time and has been withdrawn; nothing was done. Retry."
							: "The write did not answer in time; its outcome is unknown. Retry with the same"
									+ " Idempotency-Key to learn it without doing it twice."));
		}
		catch (RuntimeException ex) {
			settle(admission, null, ex);
			throw ex;
		}
		settle(admission, written, null);
		return written;
	}

	/**
	 * v3, before admission: claims the request id of a request with an Idempotency-Key,
	 * so the same key pressed again while the first is in flight takes no second unit.
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @return {@code true} if claimed now; {@code false} if in flight or refused already
	 * ({@link #pending} tells which)
	 * @throws GateUnavailableException if Redis cannot answer: serve it with v1
	 */
	public boolean reserve(String requestId, String resourceId, String holderId) {
		try {
			return this.queue.reserve(requestId, resourceId, holderId);
		}
		catch (RedisException ex) {
			this.metrics.fellBack(IssueStrategy.V3);
			throw new GateUnavailableException("request reservation failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Records that a reserved request was refused at the gate, so a repeat of its key and
	 * its poll answer that refusal.
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param refusal the refusal
	 */
	public void refuseReserved(String requestId, String resourceId, String holderId, ErrorCode refusal) {
		this.queue.refuse(requestId, resourceId, holderId, refusal.name());
	}

	/**
	 * Drops a reservation whose request is served another way (by v1).
	 * @param requestId the request id
	 */
	public void unreserve(String requestId) {
		this.queue.unreserve(requestId);
	}

	/**
	 * v3 up to the queue, with the bookkeeping of a reserved request id: with
	 * {@code reserve} the id is claimed first, so a repeat of the same Idempotency-Key in
	 * flight takes no second unit; then the request is admitted at the gate and published
	 * ({@link #enqueue}). A gate refusal is recorded on the reservation (its repeats and
	 * its poll answer it); a reservation whose request v1 must serve is dropped. Built
	 * only of this class's public steps.
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param units units wanted
	 * @param period the current period key, or {@code ""}
	 * @param reserve whether to claim the request id first (it carries a client's key)
	 * @param request the request to publish, made from its admission
	 * @return QUEUED, IN_FLIGHT or GATE_UNAVAILABLE
	 * @throws IssueRefusedException the gate's refusal, or
	 * {@code ISSUE_QUEUE_UNAVAILABLE} if the publish surely never left the producer
	 * (admission released)
	 */
	public Queueing queue(String requestId, String resourceId, String holderId, int units, String period,
			boolean reserve, Function<Admission, R> request) {
		return queue(requestId, resourceId, holderId, units, period, reserve, false, request);
	}

	/**
	 * {@link #queue(String, String, String, int, String, boolean, Function)}, joining the
	 * resource's waiting room at admission when asked (time sales' v3): the admission's
	 * {@code sequence} is the request's place, {@link #position} tells how many are ahead
	 * until the consumer writes it (or it is released).
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the holder
	 * @param units units wanted
	 * @param period the current period key, or {@code ""}
	 * @param reserve whether to claim the request id first (it carries a client's key)
	 * @param waitingRoom whether the request joins the waiting room
	 * @param request the request to publish, made from its admission
	 * @return QUEUED, IN_FLIGHT or GATE_UNAVAILABLE
	 * @throws IssueRefusedException the gate's refusal, or
	 * {@code ISSUE_QUEUE_UNAVAILABLE} if the publish surely never left the producer
	 * (admission released)
	 */
	public Queueing queue(String requestId, String resourceId, String holderId, int units, String period,
			boolean reserve, boolean waitingRoom, Function<Admission, R> request) {
		boolean reserved = false;
		Admission admission;
		try {
			if (reserve) {
				reserved = reserve(requestId, resourceId, holderId);
				if (!reserved) {
					return Queueing.IN_FLIGHT;
				}
			}
			admission = admit(IssueStrategy.V3, resourceId, holderId, units, period, requestId, waitingRoom);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving v3 with v1: {}", ex.getMessage());
			if (reserved) {
				unreserve(requestId);
			}
			return Queueing.GATE_UNAVAILABLE;
		}
		catch (IssueRefusedException ex) {
			if (reserved) {
				refuseReserved(requestId, resourceId, holderId, ex.errorCode());
			}
			throw ex;
		}
		enqueue(request.apply(admission), reserved);
		return Queueing.QUEUED;
	}

	/**
	 * v3: publishes the admitted request (key = resource id) and waits for the broker, at
	 * most {@code promo.issuing.publish-timeout}. Unacknowledged yet possibly in the log
	 * (in doubt), it is kept to be decided once, later; the caller answers 202 either
	 * way.
	 * @param request the admitted request
	 * @param reserved whether {@link #reserve} claimed its id
	 * @throws IssueRefusedException {@code ISSUE_QUEUE_UNAVAILABLE} if it surely never
	 * left the producer (its admission released)
	 */
	public void enqueue(R request, boolean reserved) {
		RequestQueue.Delivery delivery;
		try {
			delivery = this.queue.publish(request, reserved);
		}
		catch (DomainException ex) {
			this.gate.release(request.admission(), null);
			throw refused(IssueStrategy.V3, ex);
		}
		if (delivery == RequestQueue.Delivery.IN_DOUBT) {
			this.inDoubt.record(request);
		}
		this.metrics.queued();
	}

	/**
	 * @param requestId the request id
	 * @return the queued request's marker while it is PENDING or was refused at the gate;
	 * empty once written (read the service's outcome), unknown, or if Redis cannot answer
	 */
	public Optional<RequestMarker> pending(String requestId) {
		return this.queue.pending(requestId);
	}

	/**
	 * @return the resource kind's gate (for invalidation on status changes, preparation
	 * on creation)
	 */
	public AdmissionGate gate() {
		return this.gate;
	}

	/**
	 * @return the counters; the service counts what it serves itself (v1)
	 */
	public IssueMetrics metrics() {
		return this.metrics;
	}

	/**
	 * @return the v3 consumer's container, group {@code <name>-issue-writer}
	 */
	public MessageListenerContainer consumer() {
		return this.consumer;
	}

	/**
	 * @return the resource kind ({@code coupon})
	 */
	public String name() {
		return this.resource.name();
	}

	/**
	 * What a dead-lettered request comes to: it reads {@code REJECTED PROCESSING_FAILED}
	 * and its admission is given back, once (only the call that records the outcome
	 * releases). A request decided before keeps its outcome.
	 * @throws RuntimeException a transient database failure: the record is recovered
	 * again later
	 */
	@Override
	public void onDeadLetter(ConsumerRecord<?, ?> record, Exception failure) {
		if (!this.resource.topic().equals(record.topic()) || !this.resource.requestType().isInstance(record.value())) {
			return;
		}
		QueuedRequest request = (QueuedRequest) record.value();
		boolean decidedNow;
		try {
			decidedNow = this.resource.outcomes().rejectIfUndecided(request, IssuingErrorCode.PROCESSING_FAILED);
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex)) {
				throw ex;
			}
			log.error(
					"Dead-lettered {} request {} cannot even be recorded; its admission is left to" + " reconciliation",
					name(), request.requestId(), ex);
			return;
		}
		if (decidedNow) {
			this.gate.release(request.admission(), null);
			this.metrics.refused(IssueStrategy.V3, IssuingErrorCode.PROCESSING_FAILED);
		}
	}

	/**
	 * Gate against database for one resource (the admin endpoint).
	 * @param resourceId the resource
	 * @return the report
	 */
	public GateReport report(String resourceId) {
		GateState database = this.resource.snapshots().read(resourceId);
		AdmissionGate.Snapshot gate = this.gate.snapshot(resourceId);
		Instant staleBefore = this.clock.instant().minus(this.properties.reconcileAfter());
		long stale = gate.inFlight().values().stream().filter((at) -> at.isBefore(staleBefore)).count();
		String stock = gate.gate().get("stock");
		String reconciledAt = gate.gate().get("reconciledAt");
		Reconciliation last = (reconciledAt != null)
				? new Reconciliation(Instant.ofEpochMilli(Long.parseLong(reconciledAt)),
						Integer.parseInt(gate.gate().get("reconciledReleased")))
				: null;
		return new GateReport(name(), resourceId, !gate.gate().isEmpty(), (stock != null) ? Long.valueOf(stock) : null,
				database.remaining(), gate.gate().get("epoch"), gate.inFlight().size(), stale, last);
	}

	/**
	 * One reconciliation round over every gate of this kind: in-flight admissions older
	 * than {@code promo.issuing.reconcile-after} that the database has decided lose their
	 * mark; if some have no outcome (their process died between admission and write) and
	 * the resource is quiet (nothing admitted since), its gate is rebuilt from the
	 * database, which gives their units back. Runs on one instance at a time.
	 * @return the resources whose gates were rebuilt
	 */
	public List<String> reconcile() {
		RLock lock = this.redisson.getLock(name() + ":reconcile-lock");
		try {
			if (!lock.tryLock(0, this.properties.reconcileAfter().toMillis(), TimeUnit.MILLISECONDS)) {
				return List.of();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return List.of();
		}
		catch (RedisException ex) {
			log.debug("{} gates not reconciled, Redis unavailable: {}", name(), ex.getMessage());
			return List.of();
		}
		try {
			List<String> rebuilt = new ArrayList<>();
			for (String resourceId : this.gate.resources()) {
				if (reconcile(resourceId)) {
					rebuilt.add(resourceId);
				}
			}
			return rebuilt;
		}
		catch (GateUnavailableException ex) {
			log.debug("{} gates not reconciled: {}", name(), ex.getMessage());
			return List.of();
		}
		finally {
			try {
				lock.unlock();
			}
			catch (RuntimeException ex) {
				log.debug("{} reconcile lock left to its lease: {}", name(), ex.getMessage());
			}
		}
	}

	private boolean reconcile(String resourceId) {
		AdmissionGate.Snapshot snapshot = this.gate.snapshot(resourceId);
		if (snapshot.gate().isEmpty()) {
			this.gate.forget(resourceId);
			return false;
		}
		Instant now = this.clock.instant();
		Instant staleBefore = now.minus(this.properties.reconcileAfter());
		List<String> stale = snapshot.inFlight()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().isBefore(staleBefore))
			.map(Map.Entry::getKey)
			.toList();
		if (stale.isEmpty()) {
			return false;
		}
		Set<String> decided = this.resource.outcomes().decided(stale);
		this.gate.settle(resourceId, decided);
		int undecided = stale.size() - decided.size();
		boolean quiet = snapshot.inFlight().size() == stale.size();
		if (undecided == 0 || !quiet) {
			return false;
		}
		this.gate.invalidateQuietly(resourceId);
		this.gate.prepare(resourceId);
		this.metrics.reconciled();
		this.gate.markReconciled(resourceId, now, undecided);
		log.warn(
				"Reconciled the gate of {} {}: {} admissions in flight for over {} had no outcome (their process"
						+ " died); rebuilt from the database",
				name(), resourceId, undecided, this.properties.reconcileAfter());
		return true;
	}

	void releaseRefused(Admission admission, ErrorCode refusal) {
		this.gate.release(admission, this.resource.gateRefusal().apply(refusal));
	}

	/**
	 * Ends the in-flight marks of what a committed batch wrote (v2's group commit, v3's
	 * consumer): one call per resource.
	 */
	void settleWritten(List<R> requests, List<W> written) {
		Map<String, R> byId = new HashMap<>();
		requests.forEach((request) -> byId.putIfAbsent(request.requestId(), request));
		Map<String, List<String>> settled = new HashMap<>();
		for (W outcome : written) {
			R request = byId.get(outcome.requestId());
			if (outcome.refusal() == null && request != null) {
				settled.computeIfAbsent(request.resourceId(), (id) -> new ArrayList<>()).add(request.requestId());
			}
		}
		settled.forEach(this.gate::settle);
	}

	/**
	 * What a v2 write came to, for its admission and the counters, once — whether its
	 * caller is still waiting or stopped waiting (503 WRITE_TIMEOUT, outcome unknown):
	 * success counts; a refusal releases as the service maps it; a concurrent write of
	 * the same holder winning (a unique key) keeps the holder's counts unless it was the
	 * same request; nothing written (a repeat of a recorded id) or a failure restores it
	 * all.
	 */
	private void settle(Admission admission, W written, Throwable failure) {
		if (failure instanceof DataIntegrityViolationException) {
			boolean sameRequestWon = !this.resource.outcomes().decided(List.of(admission.requestId())).isEmpty();
			this.gate.release(admission, sameRequestWon ? null : GateRefusal.HOLDER_LIMIT);
		}
		else if (failure != null || written == null) {
			this.gate.release(admission, null);
		}
		else if (written.refusal() != null) {
			releaseRefused(admission, written.refusal());
			this.metrics.refused(IssueStrategy.V2, written.refusal());
		}
		else {
			this.metrics.issued(IssueStrategy.V2);
		}
	}

	private IssueRefusedException refused(IssueStrategy strategy, DomainException refusal) {
		this.metrics.refused(strategy, refusal.errorCode());
		return new IssueRefusedException(refusal, strategy);
	}

	private ConcurrentMessageListenerContainer<Object, Object> consumer(IssuingResource<R, W> resource,
			ConcurrentKafkaListenerContainerFactory<Object, Object> factory) {
		ConcurrentMessageListenerContainer<Object, Object> container = factory.createContainer(resource.topic());
		String id = resource.name() + "-issue-writer";
		container.getContainerProperties().setGroupId(id);
		container.setBeanName(id);
		Properties overrides = new Properties();
		overrides.put(JacksonJsonDeserializer.VALUE_DEFAULT_TYPE, resource.requestType().getName());
		overrides.put(JacksonJsonDeserializer.USE_TYPE_INFO_HEADERS, "false");
		container.getContainerProperties().setKafkaConsumerProperties(overrides);
		container.setupMessageListener(new QueueConsumer<>(resource.name(), resource.writer(), this));
		container.setAutoStartup(false);
		return container;
	}

	/** The request topic and its dead-letter topic, 3 partitions each, if missing. */
	private void createTopics() {
		String topic = this.resource.topic();
		try {
			this.admin.createOrModifyTopics(TopicBuilder.name(topic).partitions(3).build(),
					TopicBuilder.name(topic + DeadLetterAutoConfiguration.DEAD_LETTER_SUFFIX).partitions(3).build());
		}
		catch (RuntimeException ex) {
			log.warn("Topics of {} not created now (the broker creates them on first use): {}", name(), ex.toString());
		}
	}

	@Override
	public void start() {
		createTopics();
		this.queue.warmUp();
		this.groupCommit.start();
		this.consumer.start();
		ScheduledExecutorService scheduler = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(name() + "-issuing-jobs").daemon().factory());
		scheduler.scheduleWithFixedDelay(() -> quietly("in-doubt sweep", this.inDoubt::resolveDue),
				this.properties.inDoubtCheckMs(), this.properties.inDoubtCheckMs(), TimeUnit.MILLISECONDS);
		scheduler.scheduleWithFixedDelay(() -> quietly("reconciliation", this::reconcile),
				this.properties.reconcileEveryMs(), this.properties.reconcileEveryMs(), TimeUnit.MILLISECONDS);
		this.jobs = scheduler;
	}

	private void quietly(String job, Runnable run) {
		try {
			run.run();
		}
		catch (RuntimeException ex) {
			log.warn("{} {} failed, tried again later: {}", name(), job, ex.toString());
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.jobs;
		if (scheduler != null) {
			scheduler.shutdownNow();
			this.jobs = null;
		}
		this.consumer.stop();
		this.groupCommit.stop();
	}

	@Override
	public boolean isRunning() {
		return this.groupCommit.isRunning();
	}

	/**
	 * Starts before and stops after the web server's graceful shutdown, so requests in
	 * flight are still written.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}

	/**
	 * The last time reconciliation rebuilt a gate (kept on the gate itself, so every
	 * instance reports it).
	 *
	 * @param at when
	 * @param released admissions given back (in flight with no outcome)
	 */
	public record Reconciliation(Instant at, int released) {
	}

	/**
	 * A resource's gate against its database (the admin endpoint).
	 *
	 * @param resource the kind ({@code coupon})
	 * @param resourceId the resource
	 * @param gatePresent whether the gate exists (else it is rebuilt on first use)
	 * @param gateStock units the gate would still admit, or {@code null}
	 * @param databaseRemaining units the database has left
	 * @param epoch the gate's generation
	 * @param inFlight admissions not yet written or released
	 * @param staleInFlight of those, older than {@code promo.issuing.reconcile-after}
	 * @param lastReconciliation the last rebuild by reconciliation, or {@code null}
	 */
	public record GateReport(String resource, String resourceId, boolean gatePresent, Long gateStock,
			long databaseRemaining, String epoch, int inFlight, long staleInFlight, Reconciliation lastReconciliation) {
	}

}
