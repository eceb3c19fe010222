package com.example.promo.point.join;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.PointProperties;
import com.example.promo.point.ledger.Earning;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Lot;
import com.example.promo.point.ledger.LotSource;
import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionRepository;
import com.example.promo.point.promotion.PromotionStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * The join decision with a fixed clock: the business day of a once-per-day promotion is
 * the day in {@code promo.points.business-zone} (Asia/Seoul, UTC+9), not the UTC day, and
 * the refusals come in their documented order.
 */
class JoinWriterTests {

	private static final long PROMOTION = 7;

	private final PromotionRepository promotions = mock(PromotionRepository.class);

	private final JoinRepository joins = mock(JoinRepository.class);

	private final Ledger ledger = mock(Ledger.class);

	private static Promotion promotion(Integer totalJoins, int joinedCount, Integer maxJoinsPerUser,
			boolean oncePerDay) {
		return new Promotion(PROMOTION, "Daily", 100, 30, totalJoins, joinedCount, maxJoinsPerUser, oncePerDay,
				List.of(), Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"),
				PromotionStatus.ACTIVE, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-01T00:00:00Z"));
	}

	private JoinWriter writerAt(Instant now) {
		return new JoinWriter(this.promotions, this.joins, this.ledger,
				new PointProperties(ZoneId.of("Asia/Seoul"), 0, null, 0, null, null), Clock.fixed(now, ZoneOffset.UTC));
	}

	private static PointJoinRequested request(String requestId, String userId, Instant now) {
		return new PointJoinRequested(requestId, PROMOTION, userId, "", "epoch", now);
	}

	private void grantsLotsAndRows() {
		given(this.ledger.earnAll(any())).willAnswer((call) -> {
			List<Earning> earnings = call.getArgument(0);
			return earnings.stream()
				.map((earning) -> new Lot(41, earning.userId(), earning.amount(), earning.amount(), LotSource.PROMOTION,
						Instant.now(), earning.expiresAt()))
				.toList();
		});
		given(this.joins.insertAll(any(), anySet())).willAnswer((call) -> {
			Map<String, Long> ids = new HashMap<>();
			List<Join> rows = call.getArgument(0);
			rows.forEach((join) -> ids.put(join.requestId(), 900L + ids.size()));
			return ids;
		});
		given(this.promotions.take(anyLong(), anyInt(), any())).willReturn(1);
	}

	@Test
	void halfPastMidnightInSeoulIsTheNextBusinessDayWhileItIsStillYesterdayInUtc() {
		Instant now = Instant.parse("2026-11-23T15:30:00Z");
		LocalDate seoulDay = LocalDate.parse("2026-11-24");
		given(this.promotions.lock(PROMOTION)).willReturn(Optional.of(promotion(null, 0, null, true)));
		given(this.joins.countPerUser(eq(PROMOTION), anyCollection())).willReturn(new HashMap<>());
		given(this.joins.countPerUserOn(eq(PROMOTION), anyCollection(), eq(seoulDay))).willReturn(new HashMap<>());
		grantsLotsAndRows();

		List<JoinWriter.Decision> decisions = writerAt(now).write(List.of(request("r1", "u1", now)), IssueStrategy.V2,
				now);

		assertThat(decisions).singleElement().satisfies((decision) -> {
			assertThat(decision.refusal()).isNull();
			assertThat(decision.join().joinedOn()).isEqualTo(seoulDay);
			assertThat(decision.join().userSeq()).isEqualTo(1);
			assertThat(decision.join().lotId()).isEqualTo(41);
		});
		then(this.joins).should().insertAll(any(), eq(Set.of("r1")));
	}

	@Test
	void aJoinEarlierThatSeoulDayRefusesTheSecondOneButNotTheDayBefore() {
		Instant lateEvening = Instant.parse("2026-11-23T14:59:59Z");
		given(this.promotions.lock(PROMOTION)).willReturn(Optional.of(promotion(null, 1, null, true)));
		given(this.joins.countPerUser(eq(PROMOTION), anyCollection())).willReturn(new HashMap<>(Map.of("u1", 1)));
		given(this.joins.countPerUserOn(eq(PROMOTION), anyCollection(), eq(LocalDate.parse("2026-11-23"))))
			.willReturn(new HashMap<>(Map.of("u1", 1)));
		given(this.joins.countPerUserOn(eq(PROMOTION), anyCollection(), eq(LocalDate.parse("2026-11-24"))))
			.willReturn(new HashMap<>());
		grantsLotsAndRows();

		JoinWriter.Decision sameDay = writerAt(lateEvening)
			.write(List.of(request("r2", "u1", lateEvening)), IssueStrategy.V1, lateEvening)
			.get(0);
		Instant nextDay = lateEvening.plusSeconds(1);
		JoinWriter.Decision afterMidnight = writerAt(nextDay)
			.write(List.of(request("r3", "u1", nextDay)), IssueStrategy.V1, nextDay)
			.get(0);

		assertThat(sameDay.refusal()).isEqualTo(PointErrorCode.ALREADY_JOINED_TODAY);
		assertThat(afterMidnight.refusal()).isNull();
		assertThat(afterMidnight.join().joinedOn()).isEqualTo(LocalDate.parse("2026-11-24"));
		assertThat(afterMidnight.join().userSeq()).isEqualTo(2);
	}

	@Test
	void decidesABatchInOrderUnderTheLimits() {
		Instant now = Instant.parse("2026-11-23T03:00:00Z");
		given(this.promotions.lock(PROMOTION)).willReturn(Optional.of(promotion(3, 1, 1, false)));
		given(this.joins.countPerUser(eq(PROMOTION), anyCollection())).willReturn(new HashMap<>(Map.of("u0", 1)));
		grantsLotsAndRows();

		List<JoinWriter.Decision> decisions = writerAt(now).write(List.of(request("a", "u0", now),
				request("b", "u1", now), request("c", "u1", now), request("d", "u2", now), request("e", "u3", now)),
				IssueStrategy.V2, now);

		assertThat(decisions).extracting(JoinWriter.Decision::refusal)
			.containsExactly(PointErrorCode.JOIN_LIMIT_REACHED, null, PointErrorCode.JOIN_LIMIT_REACHED, null,
					PointErrorCode.PROMOTION_SOLD_OUT);
		then(this.promotions).should().take(PROMOTION, 2, now);
		then(this.joins).should(never()).countPerUserOn(anyLong(), anyCollection(), any());
	}

	@Test
	void refusesAClosedOrMissingPromotionWithoutTakingAnything() {
		Instant now = Instant.parse("2027-01-01T00:00:00Z");
		given(this.promotions.lock(PROMOTION)).willReturn(Optional.of(promotion(10, 0, null, false)));
		given(this.promotions.lock(8)).willReturn(Optional.empty());

		List<JoinWriter.Decision> decisions = writerAt(now).write(
				List.of(request("x", "u1", now), new PointJoinRequested("y", 8, "u1", "", "epoch", now)),
				IssueStrategy.V3, now);

		assertThat(decisions).extracting(JoinWriter.Decision::refusal)
			.containsExactly(PointErrorCode.PROMOTION_NOT_OPEN, PointErrorCode.PROMOTION_NOT_FOUND);
		then(this.promotions).should(never()).take(anyLong(), anyInt(), any());
		then(this.ledger).should(never()).earnAll(any());
	}

	@Test
	void aSoldOutPromotionRefusesEveryoneWithoutCountingAnything() {
		Instant now = Instant.parse("2026-11-23T03:00:00Z");
		given(this.promotions.lock(PROMOTION)).willReturn(Optional.of(promotion(2, 2, 1, true)));

		List<JoinWriter.Decision> decisions = writerAt(now)
			.write(List.of(request("s1", "u1", now), request("s2", "u2", now)), IssueStrategy.V1, now);

		assertThat(decisions).extracting(JoinWriter.Decision::refusal).containsOnly(PointErrorCode.PROMOTION_SOLD_OUT);
		then(this.joins).should(never()).countPerUser(anyLong(), anyCollection());
		then(this.promotions).should(never()).take(anyLong(), anyInt(), any());
	}

}
