package com.example.promo.point.join;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.GateState;
import com.example.promo.point.promotion.PromotionTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

class JoinGateSnapshotTests extends PromotionTestSupport {

	@Autowired
	private JoinGateSnapshot snapshots;

	@Autowired
	private PlatformTransactionManager transactions;

	private void insertJoin(long promotionId, String userId, int seq, LocalDate day, boolean daily) {
		this.jdbc.update("""
				insert into point_join (promotion_id, user_id, user_seq, joined_on, daily_key, reward_points, lot_id,
				                        request_id, strategy, joined_at)
				values (?, ?, ?, ?, ?, 100, 0, ?, 'V1', utc_timestamp(6))""", promotionId, userId, seq, day,
				daily ? day : null, UUID.randomUUID().toString());
	}

	@Test
	void holdsTheLimitsTheCountsPerUserAndTodaysCountsOfAOncePerDayPromotion() {
		long id = createPromotion(10, 3, true);
		LocalDate today = LocalDate.now(ZoneId.of("Asia/Seoul"));
		insertJoin(id, "u1", 1, today.minusDays(1), true);
		insertJoin(id, "u1", 2, today, true);
		insertJoin(id, "u2", 1, today.minusDays(2), true);
		this.jdbc.update("update point_promotion set joined_count = 3 where id = ?", id);

		GateState state = this.snapshots.read(Long.toString(id));

		assertThat(state.open()).isTrue();
		assertThat(state.perHolderLimit()).isEqualTo(3);
		assertThat(state.perPeriodLimit()).isEqualTo(1);
		assertThat(state.remaining()).isEqualTo(7);
		assertThat(state.holders()).isEqualTo(Map.of("u1", 2, "u2", 1));
		assertThat(state.period()).isEqualTo(today.toString());
		assertThat(state.periodHolders()).isEqualTo(Map.of("u1", 1));
	}

	@Test
	void anUnlimitedPromotionWithoutPerUserLimitTracksNobody() {
		long id = createPromotion(null, null, false);
		insertJoin(id, "u1", 1, LocalDate.now(), false);

		GateState state = this.snapshots.read(Long.toString(id));

		assertThat(state.perHolderLimit()).isZero();
		assertThat(state.perPeriodLimit()).isZero();
		assertThat(state.remaining()).isEqualTo(JoinGateSnapshot.UNLIMITED);
		assertThat(state.holders()).isEmpty();
		assertThat(state.period()).isNull();
		assertThat(state.periodHolders()).isEmpty();
	}

	@Test
	void aGateRebuiltInsideAnOlderRepeatableReadSnapshotStillCountsWhatWasCommittedSince() {
		long id = createPromotion(10, 2, false);
		TransactionTemplate repeatableRead = new TransactionTemplate(this.transactions);
		repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);

		GateState state = repeatableRead.execute((status) -> {
			// The caller's snapshot is taken now, before the join below commits.
			this.jdbc.queryForObject("select joined_count from point_promotion where id = ?", Integer.class, id);
			CompletableFuture.runAsync(() -> {
				insertJoin(id, "late", 1, LocalDate.now(), false);
				this.jdbc.update("update point_promotion set joined_count = 1 where id = ?", id);
			}).join();
			return this.snapshots.read(Long.toString(id));
		});

		assertThat(state.remaining()).isEqualTo(9);
		assertThat(state.holders()).isEqualTo(Map.of("late", 1));
	}

}
