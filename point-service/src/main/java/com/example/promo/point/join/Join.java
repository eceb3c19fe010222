package com.example.promo.point.join;

import java.time.Instant;
import java.time.LocalDate;

import com.example.promo.common.issuing.IssueStrategy;

/**
 * One join of a reward promotion, a row of {@code point_join}: the user's
 * {@code userSeq}-th join of it, on business day {@code joinedOn}, with the reward lot it
 * earned.
 *
 * @param joinId the join id
 * @param promotionId the promotion
 * @param userId the user
 * @param userSeq the user's n-th join of this promotion (1, 2, …)
 * @param joinedOn the business day (in {@code promo.points.business-zone}) it was made
 * @param rewardPoints points earned
 * @param lotId the reward lot
 * @param requestId the request that made it (UUID)
 * @param strategy what served it
 * @param joinedAt when
 */
public record Join(long joinId, long promotionId, String userId, int userSeq, LocalDate joinedOn, long rewardPoints,
		long lotId, String requestId, IssueStrategy strategy, Instant joinedAt) {
}
