package com.example.promo.coupon.issue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
 */
@Component
class GroupCommit implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final BatchIssueWriter writer;

	private final IssueProperties properties;

	private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();

	private final List<Thread> writers = new ArrayList<>();

	private volatile boolean running;

	GroupCommit(BatchIssueWriter writer, IssueProperties properties) {
		this.writer = writer;
		this.properties = properties;
	}

	/**
	 * Writes one v2 request with whatever other requests are waiting, and waits for the
	 * commit.
	 * @param request the admitted request
	 * @return its outcome, or {@code null} if a request with the same id was recorded
	 * first (a concurrent replay)
	 * @throws DataIntegrityViolationException if a concurrent write of the same user won
	 * @throws RuntimeException whatever else failed the write (nothing was written)
	 */
	Written write(CouponIssueRequested request) {
		if (!this.running) {
			throw new IllegalStateException("the issuing writer is stopped");
		}
		Pending pending = new Pending(request, new CompletableFuture<>());
		this.queue.add(pending);
		try {
			return pending.result().join();
		}
		catch (CompletionException ex) {
			throw (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
	}

	private void drain() {
		List<Pending> batch = new ArrayList<>();
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.properties.groupCommitMaxBatch() - 1);
				writeBatch(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				log.error("Group commit of {} issue requests failed", batch.size(), ex);
				batch.forEach((pending) -> pending.result().completeExceptionally(ex));
			}
			finally {
				batch.clear();
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
					pending.result().completeExceptionally(single);
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
		batch.forEach((pending) -> pending.result().complete(byRequest.remove(pending.request().requestId())));
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

	private record Pending(CouponIssueRequested request, CompletableFuture<Written> result) {
	}

}
