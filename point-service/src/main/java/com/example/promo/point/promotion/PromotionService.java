package com.example.promo.point.promotion;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.point.PointErrorCode;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creating, reading and switching reward promotions. */
@Service
public class PromotionService {

	private final PromotionRepository promotions;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PromotionService(PromotionRepository promotions, ApplicationEventPublisher events, Clock clock) {
		this.promotions = promotions;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Creates an ACTIVE promotion with no joins; its join gate is built after commit.
	 * @param request a request that passed Bean Validation
	 * @return the saved promotion
	 * @throws InvalidFieldException {@code endsAt} not after {@code startsAt}, or
	 * {@code requiredPromotionIds} naming a promotion that does not exist (nothing is
	 * written)
	 */
	@Transactional
	public Promotion create(CreatePromotionRequest request) {
		if (!request.endsAt().isAfter(request.startsAt())) {
			throw new InvalidFieldException("endsAt", "must be after startsAt");
		}
		List<Long> required = request.requiredIds();
		Set<Long> existing = this.promotions.existing(required);
		List<Long> unknown = required.stream().filter((id) -> !existing.contains(id)).toList();
		if (!unknown.isEmpty()) {
			throw new InvalidFieldException("requiredPromotionIds", "no promotion " + unknown);
		}
		long id = this.promotions.insert(request, this.clock.instant());
		this.events.publishEvent(new PromotionEvents.Created(id));
		return this.promotions.find(id).orElseThrow();
	}

	/**
	 * @param promotionId the promotion id
	 * @return the promotion as committed now
	 * @throws DomainException {@code PROMOTION_NOT_FOUND}
	 */
	@Transactional(readOnly = true)
	public Promotion get(long promotionId) {
		return this.promotions.find(promotionId).orElseThrow(() -> notFound(promotionId));
	}

	/**
	 * @param status only this status, or {@code null} for all
	 * @param pageable page and size; newest first
	 * @return a page of promotions
	 */
	@Transactional(readOnly = true)
	public Page<Promotion> list(PromotionStatus status, Pageable pageable) {
		return this.promotions.list(status, pageable);
	}

	/**
	 * The admin kill switch: PAUSED or ENDED promotions take no joins, whatever the
	 * strategy. The join gate is dropped after commit and rebuilt on next use.
	 * @param promotionId the promotion id
	 * @param status the new status
	 * @return the promotion after the change
	 * @throws DomainException {@code PROMOTION_NOT_FOUND}
	 */
	@Transactional
	public Promotion changeStatus(long promotionId, PromotionStatus status) {
		Instant now = this.clock.instant();
		if (this.promotions.changeStatus(promotionId, status, now) == 0) {
			throw notFound(promotionId);
		}
		this.events.publishEvent(new PromotionEvents.StatusChanged(promotionId, status));
		return this.promotions.find(promotionId).orElseThrow(() -> notFound(promotionId));
	}

	/**
	 * @param promotionId the unknown id
	 * @return the refusal, {@code 404 PROMOTION_NOT_FOUND}
	 */
	public static DomainException notFound(long promotionId) {
		return new DomainException(PointErrorCode.PROMOTION_NOT_FOUND, "No promotion " + promotionId + ".");
	}

}
