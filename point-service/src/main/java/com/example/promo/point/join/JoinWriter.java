package com.example.promo.point.join;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.PointProperties;
import com.example.promo.point.ledger.Earning;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Lot;
import com.example.promo.point.ledger.LotSource;
import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionRepository;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database write of joins, with the four rules every strategy shares (DESIGN.md
 * §4.2), decided under the promotion's row lock:
 * <ol>
 * <li>every promotion of the requests is locked ({@code SELECT … FOR UPDATE}), in id
 * order;</li>
 * <li>per promotion, the users' joins, their joins today (once-per-day promotions) and
 * whether they joined every required promotion are read in one query each, and the
 * requests are decided in order: PROMOTION_NOT_OPEN, PREREQUISITE_NOT_MET,
 * JOIN_LIMIT_REACHED, ALREADY_JOINED_TODAY, PROMOTION_SOLD_OUT, else joined (a promotion
 * with no join left refuses everyone PROMOTION_SOLD_OUT without reading anything
 * more);</li>
 * <li>the joins are taken by the conditional update ({@code joined_count + n <=
 * total_joins}, backed by a CHECK);</li>
 * <li>the joins' reward lots are earned through {@link Ledger#earnAll} — accounts locked
 * in user id order, after the promotions, the lock order of every writer — and the joins
 * are inserted under the unique keys (promotion, user, user_seq), (promotion, user,
 * daily_key) and (request id).</li>
 * </ol>
 * Transactions run at READ COMMITTED, so each count sees the latest commits once the lock
 * is held.
 */
@Component
class JoinWriter {

	private final PromotionRepository promotions;

	private final JoinRepository joins;

	private final Ledger ledger;

	private final PointProperties properties;

	private final Clock clock;

	JoinWriter(PromotionRepository promotions, JoinRepository joins, Ledger ledger, PointProperties properties,
			Clock clock) {
		this.promotions = promotions;
		this.joins = joins;
		this.ledger = ledger;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * v1: one join in its own transaction.
	 * @param promotionId the promotion
	 * @param userId the user
	 * @param requestId the request id (UUID)
	 * @return the join, with its reward lot
	 * @throws DomainException PROMOTION_NOT_FOUND, PROMOTION_NOT_OPEN,
	 * PREREQUISITE_NOT_MET, JOIN_LIMIT_REACHED, ALREADY_JOINED_TODAY or
	 * PROMOTION_SOLD_OUT; nothing is written
	 * @throws org.springframework.dao.DataIntegrityViolationException if a join with the
	 * same request id won concurrently (rolled back)
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public Join joinLocked(long promotionId, String userId, String requestId) {
		Instant now = this.clock.instant();
		Decision decision = write(List.of(new PointJoinRequested(requestId, promotionId, userId, "", null, now)),
				IssueStrategy.V1, now)
			.get(0);
		if (decision.refusal() != null) {
			throw JoinRefusals.of(decision.refusal(), promotionId);
		}
		return decision.join();
	}

	/**
	 * Decides and writes joins in the caller's transaction.
	 * @param requests distinct requests, in arrival order
	 * @param strategy what served them, stored on each join
	 * @param now the moment of the write
	 * @return one decision per request, by promotion id and then in arrival order
	 * @throws IllegalStateException if the conditional update refused joins the locked
	 * row showed as free
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Decision> write(List<PointJoinRequested> requests, IssueStrategy strategy, Instant now) {
		Map<Long, List<PointJoinRequested>> byPromotion = new TreeMap<>();
		requests.forEach((r) -> byPromotion.computeIfAbsent(r.promotionId(), (id) -> new ArrayList<>()).add(r));
		// Every promotion first, in id order; accounts only afterwards (Ledger.earn).
		Map<Long, Promotion> locked = new HashMap<>();
		byPromotion.keySet().forEach((id) -> this.promotions.lock(id).ifPresent((p) -> locked.put(id, p)));
		LocalDate today = LocalDate.ofInstant(now, this.properties.businessZone());
		List<Pending> pending = new ArrayList<>(requests.size());
		byPromotion.forEach((id, batch) -> pending.addAll(decide(id, locked.get(id), batch, today, now)));
		List<Pending> granted = pending.stream()
			.filter((p) -> p.refusal() == null)
			.sorted(Comparator.comparing((Pending p) -> p.request().userId())
				.thenComparingLong((p) -> p.request().promotionId()))
			.toList();
		if (granted.isEmpty()) {
			return pending.stream().map((p) -> new Decision(p.request(), p.refusal(), null)).toList();
		}
		Map<String, Join> written = insert(granted, strategy, today, now);
		return pending.stream()
			.map((p) -> new Decision(p.request(), p.refusal(),
					(p.refusal() == null) ? written.get(p.request().requestId()) : null))
			.toList();
	}

	private List<Pending> decide(long promotionId, Promotion promotion, List<PointJoinRequested> requests,
			LocalDate today, Instant now) {
		if (promotion == null) {
			return requests.stream().map((r) -> new Pending(r, PointErrorCode.PROMOTION_NOT_FOUND, null, 0)).toList();
		}
		if (!promotion.openAt(now)) {
			return requests.stream().map((r) -> new Pending(r, PointErrorCode.PROMOTION_NOT_OPEN, null, 0)).toList();
		}
		if (promotion.totalJoins() != null && promotion.remainingJoins() <= 0) {
			// Nothing left to take: no per-user query can change the answer, and the row
			// lock is released sooner for the flood behind it.
			return requests.stream().map((r) -> new Pending(r, PointErrorCode.PROMOTION_SOLD_OUT, null, 0)).toList();
		}
		List<String> users = requests.stream().map(PointJoinRequested::userId).distinct().toList();
		Map<String, Integer> held = this.joins.countPerUser(promotionId, users);
		Map<String, Integer> heldToday = promotion.oncePerDay() ? this.joins.countPerUserOn(promotionId, users, today)
				: new HashMap<>();
		Set<String> qualified = promotion.requiredPromotionIds().isEmpty() ? null
				: this.joins.usersWhoJoinedAll(promotion.requiredPromotionIds(), users);
		long left = (promotion.totalJoins() != null) ? promotion.remainingJoins() : Long.MAX_VALUE;
		int taken = 0;
		List<Pending> pending = new ArrayList<>(requests.size());
		for (PointJoinRequested request : requests) {
			String user = request.userId();
			int joined = held.getOrDefault(user, 0);
			PointErrorCode refusal = (qualified != null && !qualified.contains(user))
					? PointErrorCode.PREREQUISITE_NOT_MET
					: (promotion.maxJoinsPerUser() != null && joined >= promotion.maxJoinsPerUser())
							? PointErrorCode.JOIN_LIMIT_REACHED
							: (promotion.oncePerDay() && heldToday.getOrDefault(user, 0) >= 1)
									? PointErrorCode.ALREADY_JOINED_TODAY
									: (taken >= left) ? PointErrorCode.PROMOTION_SOLD_OUT : null;
			if (refusal == null) {
				held.put(user, joined + 1);
				heldToday.merge(user, 1, Integer::sum);
				taken++;
			}
			pending.add(new Pending(request, refusal, (refusal == null) ? promotion : null, joined + 1));
		}
		if (taken > 0 && this.promotions.take(promotionId, taken, now) == 0) {
			throw new IllegalStateException(
					"promotion " + promotionId + " refused " + taken + " joins that its locked row showed as free");
		}
		return pending;
	}

	/**
	 * Earns every granted join's reward lot in one ledger batch (accounts locked in user
	 * id order), then inserts the joins.
	 */
	private Map<String, Join> insert(List<Pending> granted, IssueStrategy strategy, LocalDate today, Instant now) {
		List<Earning> rewards = granted.stream().map((p) -> {
			Promotion promotion = p.promotion();
			return new Earning(p.request().userId(), promotion.rewardPoints(), LotSource.PROMOTION,
					p.request().requestId(), now.plus(Duration.ofDays(promotion.rewardValidDays())),
					"promotion: " + promotion.name(), null, promotion.id());
		}).toList();
		List<Lot> lots = this.ledger.earnAll(rewards);
		List<Join> joins = new ArrayList<>(granted.size());
		Set<String> onceADay = new HashSet<>();
		for (int i = 0; i < granted.size(); i++) {
			Promotion promotion = granted.get(i).promotion();
			PointJoinRequested request = granted.get(i).request();
			joins.add(new Join(0, promotion.id(), request.userId(), granted.get(i).userSeq(), today,
					promotion.rewardPoints(), lots.get(i).lotId(), request.requestId(), strategy, now));
			if (promotion.oncePerDay()) {
				onceADay.add(request.requestId());
			}
		}
		Map<String, Long> ids = this.joins.insertAll(joins, onceADay);
		Map<String, Join> written = new HashMap<>();
		for (Join j : joins) {
			written.put(j.requestId(), new Join(ids.get(j.requestId()), j.promotionId(), j.userId(), j.userSeq(),
					j.joinedOn(), j.rewardPoints(), j.lotId(), j.requestId(), j.strategy(), j.joinedAt()));
		}
		return written;
	}

	/**
	 * What became of one request.
	 *
	 * @param request the request
	 * @param refusal the refusal, or {@code null} if joined
	 * @param join the join, with its id and reward lot, or {@code null} when refused
	 */
	record Decision(PointJoinRequested request, PointErrorCode refusal, Join join) {
	}

	private record Pending(PointJoinRequested request, PointErrorCode refusal, Promotion promotion, int userSeq) {
	}

}
