package com.example.promo.point.promotion.web;

import java.time.Instant;
import java.util.List;

import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionStatus;

/**
 * A reward promotion as clients see it. Points are whole points.
 *
 * @param id promotion id
 * @param name display name
 * @param rewardPoints points earned per join
 * @param rewardValidDays days a reward lot stays valid
 * @param totalJoins joins that can ever be taken, or null for unlimited
 * @param joinedCount joins taken so far (from the database)
 * @param remainingJoins {@code totalJoins - joinedCount}, or null when unlimited
 * @param maxJoinsPerUser joins one user may make in all, or null for unlimited
 * @param oncePerDay whether a user may join at most once per business day
 * @param requiredPromotionIds promotions a user must have joined first
 * @param startsAt window start (inclusive)
 * @param endsAt window end (exclusive)
 * @param status ACTIVE, PAUSED or ENDED
 * @param createdAt creation time
 */
record PromotionResponse(long id, String name, long rewardPoints, int rewardValidDays, Integer totalJoins,
		int joinedCount, Integer remainingJoins, Integer maxJoinsPerUser, boolean oncePerDay,
		List<Long> requiredPromotionIds, Instant startsAt, Instant endsAt, PromotionStatus status, Instant createdAt) {

	static PromotionResponse of(Promotion promotion) {
		return new PromotionResponse(promotion.id(), promotion.name(), promotion.rewardPoints(),
				promotion.rewardValidDays(), promotion.totalJoins(), promotion.joinedCount(),
				promotion.remainingJoins(), promotion.maxJoinsPerUser(), promotion.oncePerDay(),
				promotion.requiredPromotionIds(), promotion.startsAt(), promotion.endsAt(), promotion.status(),
				promotion.createdAt());
	}

}
