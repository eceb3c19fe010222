package com.example.promo.coupon.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One batch decides its requests in order against the locked row: per-user limit, stock,
 * repeats, and the database ends up exactly as the outcomes say; concurrent batches lock
 * their coupons in one order.
 */
class BatchIssueWriterTests extends IntegrationTestSupport {

	@Autowired
	private BatchIssueWriter writer;

	private static CouponIssueRequested request(long couponId, String userId) {
		return new CouponIssueRequested(UUID.randomUUID().toString(), couponId, userId, "no-epoch", Instant.now());
	}

	private static String outcome(BatchIssueWriter.Written written) {
		IssueRequest request = written.outcome();
		return request.getUserId() + ":" + ((request.getReason() != null) ? request.getReason() : "ISSUED");
	}

	@Test
	void decidesEachRequestInOrderAndWritesExactlyTheGrantedUnits() {
		long couponId = createCoupon(2, 1);
		CouponIssueRequested first = request(couponId, "batch-a");
		List<CouponIssueRequested> batch = List.of(first, request(couponId, "batch-a"), request(couponId, "batch-b"),
				request(couponId, "batch-c"), first);

		List<BatchIssueWriter.Written> written = this.writer.write(batch, IssueStrategy.V2);

		assertThat(written).map(BatchIssueWriterTests::outcome)
			.containsExactly("batch-a:ISSUED", "batch-a:" + CouponErrorCode.ALREADY_ISSUED, "batch-b:ISSUED",
					"batch-c:" + CouponErrorCode.COUPON_SOLD_OUT);
		assertThat(written).filteredOn((w) -> w.coupon() != null)
			.allSatisfy((w) -> assertThat(w.coupon().getId()).isEqualTo(w.outcome().getIssuedCouponId()));
		assertThat(issuedRows(couponId)).isEqualTo(2);
		assertThat(issuedQuantity(couponId)).isEqualTo(2);
		assertThat(duplicatePairs(couponId)).isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from issue_request where coupon_id = ?", Integer.class,
				couponId))
			.isEqualTo(4);
	}

	@Test
	void concurrentBatchesOverTheSameCouponsInOppositeOrderDoNotDeadlock() throws Exception {
		long a = createCoupon(10_000, 1);
		long b = createCoupon(10_000, 1);
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 40; round++) {
				List<CouponIssueRequested> ab = new ArrayList<>();
				List<CouponIssueRequested> ba = new ArrayList<>();
				for (int i = 0; i < 20; i++) {
					ab.add(request(a, "ab-" + round + "-" + i));
					ba.add(request(b, "ba-" + round + "-" + i));
				}
				for (int i = 0; i < 20; i++) {
					ab.add(request(b, "ab-" + round + "-" + i));
					ba.add(request(a, "ba-" + round + "-" + i));
				}
				CyclicBarrier start = new CyclicBarrier(2);
				Future<?> first = pool.submit(() -> {
					start.await();
					return this.writer.write(ab, IssueStrategy.V2);
				});
				Future<?> second = pool.submit(() -> {
					start.await();
					return this.writer.write(ba, IssueStrategy.V2);
				});
				first.get();
				second.get();
			}
		}
		finally {
			pool.shutdownNow();
		}
		assertThat(issuedRows(a)).isEqualTo(40 * 40).isEqualTo(issuedQuantity(a));
		assertThat(issuedRows(b)).isEqualTo(40 * 40).isEqualTo(issuedQuantity(b));
	}

	@Test
	void writesNothingAgainForRequestsAlreadyRecorded() {
		long couponId = createCoupon(5, 1);
		List<CouponIssueRequested> batch = List.of(request(couponId, "again-a"), request(couponId, "again-b"));
		this.writer.write(batch, IssueStrategy.V3);

		assertThat(this.writer.write(batch, IssueStrategy.V3)).isEmpty();
		assertThat(issuedRows(couponId)).isEqualTo(2);
		assertThat(issuedQuantity(couponId)).isEqualTo(2);
	}

}
