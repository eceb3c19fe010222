package com.example.promo.coupon.issue;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.GateState;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A gate rebuilt from inside a caller's transaction still counts every write committed
 * before the rebuild: the snapshot is read in a transaction of its own, not in the
 * caller's older REPEATABLE READ snapshot.
 */
class GateSnapshotTests extends IntegrationTestSupport {

	@Autowired
	private GateSnapshot snapshots;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void aRebuildInsideAnOlderSnapshotSeesWhatWasCommittedSince() {
		long couponId = createCoupon(10, 1);
		TransactionTemplate repeatableRead = new TransactionTemplate(this.transactions);
		repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);

		GateState state = repeatableRead.execute((tx) -> {
			// The caller's snapshot starts here, before the issue below commits.
			assertThat(issuedQuantity(couponId)).isZero();
			Response issued = CompletableFuture
				.supplyAsync(() -> call("POST", "/api/coupons/" + couponId + "/issue?strategy=v1", "fresh", null))
				.join();
			assertThat(issued.status()).isEqualTo(201);
			assertThat(issuedQuantity(couponId)).as("the caller's own snapshot").isZero();
			return this.snapshots.read(Long.toString(couponId));
		});

		assertThat(state.remaining()).isEqualTo(9);
		assertThat(state.holders()).containsEntry("fresh", 1);
	}

}
