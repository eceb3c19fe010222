package com.example.promo.point.promotion;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/points/promotions}. Single-field rules are Bean Validation
 * annotations; the window's order and the required promotions' existence are checked by
 * {@link PromotionService#create}.
 *
 * @param name shown to users, 1–100 characters
 * @param rewardPoints points earned per join, 1–1,000,000,000
 * @param rewardValidDays days a reward lot stays valid, 1–3650
 * @param totalJoins joins that can ever be taken, ≥ 1; {@code null} for unlimited
 * @param maxJoinsPerUser joins one user may make in all, ≥ 1; {@code null} for unlimited
 * @param oncePerDay whether a user may join at most once per business day (required)
 * @param requiredPromotionIds promotions a user must have joined first (each must exist);
 * optional, at most 50
 * @param startsAt first instant of the window (inclusive)
 * @param endsAt end of the window (exclusive), after {@code startsAt}
 */
public record CreatePromotionRequest(@NotBlank @Size(max = 100) String name,
		@NotNull @Positive @Max(1_000_000_000) Long rewardPoints, @NotNull @Positive @Max(3650) Integer rewardValidDays,
		@Positive Integer totalJoins, @Positive Integer maxJoinsPerUser, @NotNull Boolean oncePerDay,
		@Size(max = 50) List<@NotNull @Positive Long> requiredPromotionIds, @NotNull Instant startsAt,
		@NotNull Instant endsAt) {

	/**
	 * @return the required promotion ids without repeats, in the order given; empty when
	 * left out
	 */
	public List<Long> requiredIds() {
		return (this.requiredPromotionIds != null) ? List.copyOf(new LinkedHashSet<>(this.requiredPromotionIds))
				: List.of();
	}

}
