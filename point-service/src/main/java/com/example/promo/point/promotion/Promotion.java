package com.example.promo.point.promotion;

import java.time.Instant;
import java.util.List;

/**
 * A reward promotion as committed: joining it earns {@code rewardPoints} into a new lot
 * valid {@code rewardValidDays}, under four rules held by the database (DESIGN.md §4.2):
 * joins ≤ {@code totalJoins}, a user's joins ≤ {@code maxJoinsPerUser}, one join per user
 * per business day when {@code oncePerDay}, and every promotion of
 * {@code requiredPromotionIds} joined first.
 *
 * @param id the promotion id
 * @param name display name
 * @param rewardPoints points earned per join (&gt; 0)
 * @param rewardValidDays days a reward lot stays valid (1–3650)
 * @param totalJoins joins that can ever be taken, or {@code null} for unlimited
 * @param joinedCount joins taken so far
 * @param maxJoinsPerUser joins one user may make in all, or {@code null} for unlimited
 * @param oncePerDay whether a user may join at most once per business day
 * @param requiredPromotionIds promotions a user must have joined before, ascending
 * @param startsAt first instant of the window (inclusive)
 * @param endsAt end of the window (exclusive)
 * @param status the admin's switch
 * @param createdAt creation time
 * @param updatedAt last change
 */
public record Promotion(long id, String name, long rewardPoints, int rewardValidDays, Integer totalJoins,
		int joinedCount, Integer maxJoinsPerUser, boolean oncePerDay, List<Long> requiredPromotionIds, Instant startsAt,
		Instant endsAt, PromotionStatus status, Instant createdAt, Instant updatedAt) {

	/**
	 * @return joins left, or {@code null} when unlimited
	 */
	public Integer remainingJoins() {
		return (this.totalJoins != null) ? this.totalJoins - this.joinedCount : null;
	}

	/**
	 * @param now a moment
	 * @return whether joins are taken then: ACTIVE and inside the window
	 */
	public boolean openAt(Instant now) {
		return this.status == PromotionStatus.ACTIVE && !now.isBefore(this.startsAt) && now.isBefore(this.endsAt);
	}

	/**
	 * @param prerequisites the required promotion ids
	 * @return this promotion with them
	 */
	Promotion withRequired(List<Long> prerequisites) {
		return new Promotion(this.id, this.name, this.rewardPoints, this.rewardValidDays, this.totalJoins,
				this.joinedCount, this.maxJoinsPerUser, this.oncePerDay, List.copyOf(prerequisites), this.startsAt,
				this.endsAt, this.status, this.createdAt, this.updatedAt);
	}

}
