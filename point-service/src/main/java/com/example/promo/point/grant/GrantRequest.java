package com.example.promo.point.grant;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/points/grants} (admin).
 *
 * @param userId who receives the points, 1–64 characters
 * @param amount points, 1–1,000,000,000
 * @param reason shown in the user's history, 1–200 characters
 * @param sourceId the grant's idempotency key, 1–64 characters: the same body again
 * answers the first grant, another body with it is refused
 * @param validDays days the lot stays valid, 1–3650
 */
public record GrantRequest(@NotBlank @Size(max = 64) String userId, @NotNull @Min(1) @Max(1_000_000_000) Long amount,
		@NotBlank @Size(max = 200) String reason, @NotBlank @Size(max = 64) String sourceId,
		@NotNull @Min(1) @Max(3650) Integer validDays) {
}
