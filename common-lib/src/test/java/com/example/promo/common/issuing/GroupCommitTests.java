package com.example.promo.common.issuing;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.promo.common.error.ErrorCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/** Group commit is bounded: in time, in queue length, in what a writer failure can do. */
class GroupCommitTests {

	@SuppressWarnings("unchecked")
	private final BatchWriter<Request, Outcome> writer = mock(BatchWriter.class);

	private final CountDownLatch release = new CountDownLatch(1);

	private GroupCommit<Request, Outcome> groupCommit;

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.groupCommit != null && this.groupCommit.isRunning()) {
			this.groupCommit.stop();
		}
	}

	private GroupCommit<Request, Outcome> start(int queueCapacity, Duration writeTimeout) {
		this.groupCommit = new GroupCommit<>("coupon", this.writer, (requests, written) -> {
		}, new IssuingProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofDays(1), 1, 200,
				queueCapacity, writeTimeout, Duration.ofSeconds(7), Duration.ofSeconds(30), 1000, Duration.ofMinutes(3),
				30_000));
		this.groupCommit.start();
		return this.groupCommit;
	}

	private static Request request(String id) {
		return new Request(id, "1", "user-" + id, 1, "epoch", Instant.now());
	}

	private static Outcome soldOut(Request request) {
		return new Outcome(request.requestId(), IssuingErrorCode.SERVICE_UNAVAILABLE);
	}

	/** The one writer thread is kept busy by a first request until {@link #release}. */
	private CompletableFuture<Outcome> occupyTheWriter(GroupCommit<Request, Outcome> commit) throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		given(this.writer.write(anyList(), any())).willAnswer((call) -> {
			List<Request> batch = call.getArgument(0);
			if (batch.get(0).requestId().equals("first")) {
				writing.countDown();
				this.release.await();
			}
			return batch.stream().map(GroupCommitTests::soldOut).toList();
		});
		CompletableFuture<Outcome> first = CompletableFuture
			.supplyAsync(() -> commit.write(request("first"), (w, ex) -> {
			}));
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
		return first;
	}

	@Test
	void aRequestNoWriterTookIsWithdrawnAfterTheWriteTimeoutAndNeverWritten() throws Exception {
		GroupCommit<Request, Outcome> commit = start(10, Duration.ofMillis(300));
		occupyTheWriter(commit);

		assertThatExceptionOfType(GroupCommit.TimedOut.class)
			.isThrownBy(() -> commit.write(request("queued"), (w, ex) -> {
			}))
			.satisfies((ex) -> assertThat(ex.withdrawn()).isTrue());

		this.release.countDown();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> then(this.writer).should(never())
				.write(org.mockito.ArgumentMatchers
					.argThat((List<Request> batch) -> batch.stream().anyMatch((r) -> r.requestId().equals("queued"))),
						any()));
	}

	@Test
	void aRequestAWriterHoldsTimesOutAsUnknownAndItsOutcomeReachesTheLateHandler() throws Exception {
		GroupCommit<Request, Outcome> commit = start(10, Duration.ofMillis(300));
		CountDownLatch writing = new CountDownLatch(1);
		given(this.writer.write(anyList(), any())).willAnswer((call) -> {
			writing.countDown();
			this.release.await();
			List<Request> batch = call.getArgument(0);
			return List.of(soldOut(batch.get(0)));
		});
		AtomicReference<Outcome> late = new AtomicReference<>();

		assertThatExceptionOfType(GroupCommit.TimedOut.class)
			.isThrownBy(() -> commit.write(request("slow"), (w, ex) -> late.set(w)))
			.satisfies((ex) -> assertThat(ex.withdrawn()).isFalse());
		assertThat(writing.getCount()).isZero();
		assertThat(late.get()).isNull();

		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(late.get()).isNotNull());
		assertThat(late.get().refusal()).isEqualTo(IssuingErrorCode.SERVICE_UNAVAILABLE);
	}

	@Test
	void aFullQueueRefusesAtOnce() throws Exception {
		GroupCommit<Request, Outcome> commit = start(1, Duration.ofSeconds(10));
		occupyTheWriter(commit);
		CompletableFuture.runAsync(() -> commit.write(request("fills-the-queue"), (w, ex) -> {
		}));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThatExceptionOfType(GroupCommit.NotQueued.class)
				.isThrownBy(() -> commit.write(request("one-too-many"), (w, ex) -> {
				})));
	}

	@Test
	void anErrorInTheWriterFailsItsBatchInsteadOfLeavingCallersWaiting() {
		GroupCommit<Request, Outcome> commit = start(10, Duration.ofSeconds(30));
		given(this.writer.write(anyList(), any())).willThrow(new StackOverflowError("deep"));

		long started = System.nanoTime();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> commit.write(request("boom"), (w, ex) -> {
			}))
			.withCauseInstanceOf(StackOverflowError.class);
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void requestsAfterStopAreRefusedNotLeftHanging() {
		GroupCommit<Request, Outcome> commit = start(10, Duration.ofSeconds(30));
		commit.stop();

		assertThatExceptionOfType(GroupCommit.NotQueued.class)
			.isThrownBy(() -> commit.write(request("late"), (w, ex) -> {
			}));
		then(this.writer).shouldHaveNoInteractions();
	}

	record Request(String requestId, String resourceId, String holderId, int units, String gateEpoch,
			Instant requestedAt) implements QueuedRequest {
	}

	record Outcome(String requestId, ErrorCode refusal) implements WriteOutcome {
	}

}
