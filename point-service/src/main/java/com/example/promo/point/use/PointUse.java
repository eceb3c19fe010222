package com.example.promo.point.use;

import java.time.Instant;
import java.util.List;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.point.ledger.LotTake;

/**
 * A use of points for an order (a row of {@code point_use} with its {@code point_use_lot}
 * rows).
 *
 * @param useId the use id
 * @param userId the account
 * @param orderId the order paid for (unique per user)
 * @param amount points spent (&gt; 0)
 * @param requestId the request id, {@code RequestIds.of(userId, "use:" + orderId)}
 * @param strategy what served it
 * @param status {@code USED} or {@code CANCELLED}
 * @param balanceAfter the spendable balance right after the use, in points
 * @param usedAt when it was written
 * @param restored points a cancel gave back, or {@code null} while USED
 * @param lots points taken per lot, earliest expiry first
 */
public record PointUse(long useId, String userId, String orderId, long amount, String requestId, IssueStrategy strategy,
		String status, long balanceAfter, Instant usedAt, Long restored, List<LotTake> lots) {

	/** Status of a use in force. */
	public static final String USED = "USED";

	/** Status of a cancelled use. */
	public static final String CANCELLED = "CANCELLED";

	/**
	 * @return whether a cancel has undone it
	 */
	public boolean cancelled() {
		return CANCELLED.equals(this.status);
	}

}
