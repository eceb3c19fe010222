package com.example.promo.coupon.issue;

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

import com.example.promo.coupon.issue.BatchIssueWriter.Written;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * v2's database write, coalesced: requests that arrive while a transaction is running are
 * written together by the next one ({@link BatchIssueWriter}), so the coupon's row lock
 * is taken once per batch instead of once per request — the same idea as a database's
 * group commit. Each caller still waits for the commit of its own request, so a 201 is
 * only answered for a coupon that is in the database.
 * <p>
 * {@code promo.coupon.issue.group-commit-writers} threads take batches of up to
 * {@code group-commit-max-batch} requests. A batch that a unique key refuses (a v1 write
 * of the same user raced it) is rolled back and its requests are written one by one, so
 * only the loser fails.
 * <p>
 * Bounded everywhere: the queue holds at most {@code group-commit-queue-capacity}
 * requests ({@link NotQueued} when full or stopped); a caller waits at most
 * {@code write-timeout}, then gets {@link TimedOut}, which says whether its request was
 * withdrawn before any writer took it (surely not written) or its outcome is unknown (the
 * outcome is then handed to the caller's late handler when it comes).
 */
@Component
class GroupCommit implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final BatchIssueWriter writer;

	private final IssueProperties properties;

	private final BlockingQueue<Pending> queue;

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running;

	GroupCommit(BatchIssueWriter writer, IssueProperties properties) {
		this.writer = writer;
		this.properties = properties;
		this.queue = new LinkedBlockingQueue<>(properties.groupCommitQueueCapacity());
	}

	/**
	 * Writes one v2 request with whatever other requests are waiting, and waits for the
	 * commit, at most {@code promo.coupon.issue.write-timeout}.
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
	Written write(CouponIssueRequested request, BiConsumer<Written, Throwable> lateOutcome) {
		Pending pending = new Pending(request);
		if (!this.running || !this.queue.offer(pending)) {
			throw new NotQueued(this.running ? "the issuing write queue is full" : "the issuing writer is stopped");
		}
		try {
			return pending.result.get(this.properties.writeTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause
					: new IllegalStateException("issue write failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw abandon(pending, lateOutcome);
		}
		catch (TimeoutException ex) {
			throw abandon(pending, lateOutcome);
		}
	}

	private static TimedOut abandon(Pending pending, BiConsumer<Written, Throwable> lateOutcome) {
		if (pending.claim(Pending.WITHDRAWN)) {
			return new TimedOut(true);
		}
		pending.result.whenComplete(lateOutcome);
		return new TimedOut(false);
	}

	private void drain() {
		List<Pending> polled = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				polled.add(first);
				this.queue.drainTo(polled, this.properties.groupCommitMaxBatch() - 1);
				List<Pending> batch = polled.stream().filter((pending) -> pending.claim(Pending.TAKEN)).toList();
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
				log.error("Group commit of {} issue requests failed", polled.size(), ex);
				polled.forEach((pending) -> pending.result.completeExceptionally(ex));
			}
			finally {
				polled.clear();
			}
		}
	}

	private void writeBatch(List<Pending> batch) {
		try {
			complete(batch, this.writer.write(batch.stream().map(Pending::request).toList(), IssueStrategy.V2));
		}
		catch (DataIntegrityViolationException ex) {
			for (Pending pending : batch) {
				try {
					complete(List.of(pending), this.writer.write(List.of(pending.request()), IssueStrategy.V2));
				}
				catch (RuntimeException single) {
					pending.result.completeExceptionally(single);
				}
			}
		}
	}

	/**
	 * Hands each caller its outcome. A request id repeated within the batch (the same
	 * Idempotency-Key twice at once) has one outcome: the first caller gets it, the
	 * others {@code null}, and replay the first result.
	 */
	private static void complete(List<Pending> batch, List<Written> written) {
		Map<String, Written> byRequest = written.stream()
			.collect(Collectors.toMap((w) -> w.outcome().getRequestId(), Function.identity()));
		batch.forEach((pending) -> pending.result.complete(byRequest.remove(pending.request().requestId())));
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 1; i <= this.properties.groupCommitWriters(); i++) {
			this.writers.add(Thread.ofPlatform().name("issue-group-commit-" + i).daemon().start(this::drain));
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
		for (Pending pending; (pending = this.queue.poll()) != null;) {
			if (pending.claim(Pending.TAKEN)) {
				pending.result.completeExceptionally(new NotQueued("the issuing writer stopped"));
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
	private static final class Pending {

		static final int QUEUED = 0;

		static final int TAKEN = 1;

		static final int WITHDRAWN = 2;

		private final CouponIssueRequested request;

		private final CompletableFuture<Written> result = new CompletableFuture<>();

		private final AtomicInteger state = new AtomicInteger(QUEUED);

		Pending(CouponIssueRequested request) {
			this.request = request;
		}

		CouponIssueRequested request() {
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
