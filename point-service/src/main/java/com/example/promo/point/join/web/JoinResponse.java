package com.example.promo.point.join.web;

import java.time.LocalDate;

import com.example.promo.point.join.Join;

/**
 * A join as clients see it: the 201 of v1/v2, the {@code join} of a DONE request, an
 * element of {@code GET /api/points/me/joins}.
 *
 * @param joinId the join id
 * @param promotionId the promotion
 * @param userId the user
 * @param joinedOn the business day it was made ({@code promo.points.business-zone})
 * @param rewardPoints points earned
 * @param lotId the reward lot
 */
record JoinResponse(long joinId, long promotionId, String userId, LocalDate joinedOn, long rewardPoints, long lotId) {

	static JoinResponse of(Join join) {
		return new JoinResponse(join.joinId(), join.promotionId(), join.userId(), join.joinedOn(), join.rewardPoints(),
				join.lotId());
	}

}
