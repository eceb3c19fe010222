package com.example.promo.coupon.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.promo.coupon.CouponErrorCode;

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

	private final BatchIssueWriter writer = mock(BatchIssueWriter.class);

	private final CountDownLatch release = new CountDownLatch(1);

	private GroupCommit groupCommit;

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.groupCommit != null && this.groupCommit.isRunning()) {
			this.groupCommit.stop();
		}
	}

	private GroupCommit start(int queueCapacity, Duration writeTimeout) {
		this.groupCommit = new GroupCommit(this.writer,
				new IssueProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofDays(1), 1, 200,
						queueCapacity, writeTimeout, Duration.ofSeconds(10), Duration.ofSeconds(30)));
		this.groupCommit.start();
		return this.groupCommit;
	}

	private static CouponIssueRequested request(String id) {
		return new CouponIssueRequested(id, 1, "user-" + id, "epoch", Instant.now());
	}

	/** The one writer thread is kept busy by a first request until {@link #release}. */
	private CompletableFuture<BatchIssueWriter.Written> occupyTheWriter(GroupCommit commit) throws Exception {
		CountDownLatch writing = new CountDownLatch(1);
		given(this.writer.write(anyList(), any())).willAnswer((call) -> {
			List<CouponIssueRequested> batch = call.getArgument(0);
			if (batch.get(0).requestId().equals("first")) {
				writing.countDown();
				this.release.await();
			}
			return batch.stream()
				.map((r) -> BatchIssueWriter.Written.rejected(r, CouponErrorCode.COUPON_SOLD_OUT, Instant.now()))
				.toList();
		});
		CompletableFuture<BatchIssueWriter.Written> first = CompletableFuture
			.supplyAsync(() -> commit.write(request("first"), (w, ex) -> {
			}));
		assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
		return first;
	}

	@Test
	void aRequestNoWriterTookIsWithdrawnAfterTheWriteTimeoutAndNeverWritten() throws Exception {
		GroupCommit commit = start(10, Duration.ofMillis(300));
		occupyTheWriter(commit);

		assertThatExceptionOfType(GroupCommit.TimedOut.class)
			.isThrownBy(() -> commit.write(request("queued"), (w, ex) -> {
			}))
			.satisfies((ex) -> assertThat(ex.withdrawn()).isTrue());

		this.release.countDown();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> then(this.writer).should(never())
				.write(org.mockito.ArgumentMatchers.argThat((List<CouponIssueRequested> batch) -> batch.stream()
					.anyMatch((r) -> r.requestId().equals("queued"))), any()));
	}

	@Test
	void aRequestAWriterHoldsTimesOutAsUnknownAndItsOutcomeReachesTheLateHandler() throws Exception {
		GroupCommit commit = start(10, Duration.ofMillis(300));
		CountDownLatch writing = new CountDownLatch(1);
		given(this.writer.write(anyList(), any())).willAnswer((call) -> {
			writing.countDown();
			this.release.await();
			List<CouponIssueRequested> batch = call.getArgument(0);
			return List
				.of(BatchIssueWriter.Written.rejected(batch.get(0), CouponErrorCode.COUPON_SOLD_OUT, Instant.now()));
		});
		AtomicReference<BatchIssueWriter.Written> late = new AtomicReference<>();

		assertThatExceptionOfType(GroupCommit.TimedOut.class)
			.isThrownBy(() -> commit.write(request("slow"), (w, ex) -> late.set(w)))
			.satisfies((ex) -> assertThat(ex.withdrawn()).isFalse());
		assertThat(writing.getCount()).isZero();
		assertThat(late.get()).isNull();

		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(late.get()).isNotNull());
		assertThat(late.get().outcome().getReason()).isEqualTo(CouponErrorCode.COUPON_SOLD_OUT);
	}

	@Test
	void aFullQueueRefusesAtOnce() throws Exception {
		GroupCommit commit = start(1, Duration.ofSeconds(10));
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
		GroupCommit commit = start(10, Duration.ofSeconds(30));
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
		GroupCommit commit = start(10, Duration.ofSeconds(30));
		commit.stop();

		assertThatExceptionOfType(GroupCommit.NotQueued.class)
			.isThrownBy(() -> commit.write(request("late"), (w, ex) -> {
			}));
		then(this.writer).shouldHaveNoInteractions();
	}

}
