package com.example.promo.common.issuing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * v2's database write, coalesced: requests that arrive while a transaction is running are
 * written together by the next one (the service's {@link BatchWriter}), so the resource's
 * row lock is taken once per batch instead of once per request — the same idea as a
 * database's group commit. Each caller still waits for the commit of its own request, so
 * a 201 is only answered for a coupon that is in the database.
 * <p>
 * {@code promo.issuing.group-commit-writers} threads take batches of up to
 * {@code group-commit-max-batch} requests. A batch that a unique key refuses (a v1 write
 * of the same user raced it) is rolled back and its requests are written one by one, so
 * only the loser fails.
 * <p>
 * Bounded everywhere: the queue holds at most {@code group-commit-queue-capacity}
 * requests ({@link NotQueued} when full or stopped); a caller waits at most
 * {@code write-timeout}, then gets {@link TimedOut}, which says whether its request was
 * withdrawn before any writer took it (surely not written) or its outcome is unknown (the
 * outcome is then handed to the caller's late handler when it comes).
 *
 * @param <R> the request type
 * @param <W> the outcome type
 */
class GroupCommit<R extends QueuedRequest, W extends WriteOutcome> implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final BatchWriter<R, W> writer;

	private final BiConsumer<List<R>, List<W>> committed;

	private final IssuingProperties properties;

	private final String name;

	private final BlockingQueue<Pending<R, W>> queue;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running;

	/**
	 * @param name the resource kind, for thread names and messages
	 * @param writer the service's batch writer
	 * @param committed told, on the writer thread, what each committed transaction wrote
	 * (requests, outcomes); must not throw
	 * @param properties the kit's settings
	 */
	GroupCommit(String name, BatchWriter<R, W> writer, BiConsumer<List<R>, List<W>> committed,
			IssuingProperties properties) {
		this.name = name;
		this.writer = writer;
		this.committed = committed;
		this.properties = properties;
		this.queue = new LinkedBlockingQueue<>(properties.groupCommitQueueCapacity());
	}

	/**
	 * Writes one v2 request with whatever other requests are waiting, and waits for the
	 * commit, at most {@code promo.issuing.write-timeout}.
	 * @param request the admitted request
	 * @param lateOutcome receives the outcome (or failure) of a request whose caller
	 * stopped waiting while a writer had it; never called otherwise
	 * @return its outcome, or {@code null} if a request with the same id was recorded
	 * first (a concurrent replay)
	 * @throws NotQueued if the queue is full or the writer stopped (nothing was written)
	 * @throws TimedOut if the commit did not come in time
	 * @throws DataIntegrityViolationException if a concurrent write of the same user won
	 * @throws RuntimeException whatever else failed the write (nothing was written)
	 */
	W write(R request, BiConsumer<W, Throwable> lateOutcome) {
		Pending<R, W> pending = new Pending<>(request);
		if (!this.running || !this.queue.offer(pending)) {
			throw new NotQueued(this.running ? "the " + this.name + " write queue is full"
					: "the " + this.name + " writer is stopped");
		}
		try {
			return pending.result.get(this.properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause
					: new IllegalStateException(this.name + " write failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw abandon(pending, lateOutcome);
		}
		catch (TimeoutException ex) {
			throw abandon(pending, lateOutcome);
		}
	}

	private static <R extends QueuedRequest, W extends WriteOutcome> TimedOut abandon(Pending<R, W> pending,
			BiConsumer<W, Throwable> lateOutcome) {
		if (pending.claim(Pending.WITHDRAWN)) {
			return new TimedOut(true);
		}
		pending.result.whenComplete(lateOutcome);
		return new TimedOut(false);
	}

	private void drain() {
		List<Pending<R, W>> polled = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending<R, W> first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				polled.add(first);
				this.queue.drainTo(polled, this.properties.groupCommitMaxBatch() - 1);
				List<Pending<R, W>> batch = polled.stream().filter((pending) -> pending.claim(Pending.TAKEN)).toList();
				if (!batch.isEmpty()) {
					writeBatch(batch);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Throwable ex) {
				// Any failure, Errors included, fails its batch: no caller is left
				// waiting.
				log.error("Group commit of {} {} requests failed", polled.size(), this.name, ex);
				polled.forEach((pending) -> pending.result.completeExceptionally(ex));
			}
			finally {
				polled.clear();
			}
		}
	}

	private void writeBatch(List<Pending<R, W>> batch) {
		try {
			commit(batch);
		}
		catch (DataIntegrityViolationException ex) {
			for (Pending<R, W> pending : batch) {
				try {
					commit(List.of(pending));
				}
				catch (RuntimeException single) {
					pending.result.completeExceptionally(single);
				}
			}
		}
	}

	private void commit(List<Pending<R, W>> batch) {
		List<R> requests = batch.stream().map(Pending::request).toList();
		List<W> written = this.writer.write(requests, IssueStrategy.V2);
		this.committed.accept(requests, written);
		complete(batch, written);
	}

	/**
	 * Hands each caller its outcome. A request id repeated within the batch (the same
	 * Idempotency-Key twice at once) has one outcome: the first caller gets it, the
	 * others {@code null}, and replay the first result.
	 */
	private static <R extends QueuedRequest, W extends WriteOutcome> void complete(List<Pending<R, W>> batch,
			List<W> written) {
		Map<String, W> byRequest = written.stream()
			.collect(Collectors.toMap(WriteOutcome::requestId, Function.identity()));
		batch.forEach((pending) -> pending.result.complete(byRequest.remove(pending.request().requestId())));
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 1; i <= this.properties.groupCommitWriters(); i++) {
			this.writers.add(Thread.ofPlatform().name(this.name + "-group-commit-" + i).daemon().start(this::drain));
		}
	}

	@Override
	public void stop() {
		this.running = false;
		for (Thread thread : this.writers) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.writers.clear();
		// A request queued after the writers left is refused, not left hanging.
		for (Pending<R, W> pending; (pending = this.queue.poll()) != null;) {
			if (pending.claim(Pending.TAKEN)) {
				pending.result.completeExceptionally(new NotQueued("the " + this.name + " writer stopped"));
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Starts before and stops after the web server's graceful shutdown, so requests in
	 * flight are still written.
	 */
	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 4096;
	}

	/** A request in the queue: taken by a writer or withdrawn by its caller, once. */
	private static final class Pending<R, W> {

		static final int QUEUED = 0;

		static final int TAKEN = 1;

		static final int WITHDRAWN = 2;

		private final R request;

		private final CompletableFuture<W> result = new CompletableFuture<>();

		private final AtomicInteger state = new AtomicInteger(QUEUED);

		Pending(R request) {
			this.request = request;
		}

		R request() {
			return this.request;
		}

		boolean claim(int by) {
			return this.state.compareAndSet(QUEUED, by);
		}

	}

	/** The request was not queued (queue full, writer stopped): nothing was written. */
	static final class NotQueued extends RuntimeException {

		NotQueued(String message) {
			super(message, null, false, false);
		}

	}

	/** The caller stopped waiting for the commit. */
	static final class TimedOut extends RuntimeException {

		private final boolean withdrawn;

		TimedOut(boolean withdrawn) {
			super(withdrawn ? "withdrawn before any writer took it" : "a writer has it; outcome unknown", null, false,
					false);
			this.withdrawn = withdrawn;
		}

		/**
		 * @return whether the request surely was not written
		 */
		boolean withdrawn() {
			return this.withdrawn;
		}

	}

}
