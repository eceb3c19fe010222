package com.example.promo.point.join;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.GateSnapshotSource;
import com.example.promo.common.issuing.GateState;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.PointProperties;
import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionRepository;
import com.example.promo.point.promotion.PromotionService;
import com.example.promo.point.promotion.PromotionStatus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the join gate of one promotion must hold, from one consistent database snapshot:
 * status, window, the lifetime per-user limit with joins per user, the once-per-day limit
 * with today's joins per user (today in {@code promo.points.business-zone}), and the
 * joins left. Prerequisites are not the gate's: they are checked against the database
 * before admission and again in the write. The read runs in its own new REPEATABLE READ
 * transaction, whatever the caller's, so it includes every batch committed before the
 * rebuild.
 */
@Component
class JoinGateSnapshot implements GateSnapshotSource {

	/** The stock of a promotion without a join cap: more than can ever be taken. */
	static final long UNLIMITED = 1_000_000_000_000L;

	private final PromotionRepository promotions;

	private final JoinRepository joins;

	private final PointProperties properties;

	private final Clock clock;

	JoinGateSnapshot(PromotionRepository promotions, JoinRepository joins, PointProperties properties, Clock clock) {
		this.promotions = promotions;
		this.joins = joins;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * @param resourceId the promotion id
	 * @return the gate's state; it may expire a day after the window
	 * @throws DomainException PROMOTION_NOT_FOUND
	 */
	@Override
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ, propagation = Propagation.REQUIRES_NEW)
	public GateState read(String resourceId) {
		long promotionId;
		try {
			promotionId = Long.parseLong(resourceId);
		}
		catch (NumberFormatException ex) {
			throw new DomainException(PointErrorCode.PROMOTION_NOT_FOUND, "No promotion " + resourceId + ".");
		}
		Promotion promotion = this.promotions.find(promotionId)
			.orElseThrow(() -> PromotionService.notFound(promotionId));
		LocalDate today = LocalDate.now(this.clock.withZone(this.properties.businessZone()));
		Map<String, Integer> holders = (promotion.maxJoinsPerUser() != null)
				? this.joins.countPerUser(promotionId, null) : Map.of();
		Map<String, Integer> holdersToday = promotion.oncePerDay() ? this.joins.countPerUserOn(promotionId, null, today)
				: Map.of();
		return new GateState(promotion.status() == PromotionStatus.ACTIVE, promotion.startsAt(), promotion.endsAt(),
				(promotion.maxJoinsPerUser() != null) ? promotion.maxJoinsPerUser() : 0, promotion.oncePerDay() ? 1 : 0,
				(promotion.totalJoins() != null) ? promotion.remainingJoins() : UNLIMITED, holders,
				promotion.oncePerDay() ? today.toString() : null, holdersToday,
				promotion.endsAt().plus(Duration.ofDays(1)));
	}

}
