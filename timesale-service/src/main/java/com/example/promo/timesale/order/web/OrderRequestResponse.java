package com.example.promo.timesale.order.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a queued (v3) order request stands: the body of its 202 and of {@code GET
 * /api/timesales/requests/{requestId}}.
 *
 * @param requestId the request id
 * @param status {@code WAITING}, {@code HELD} or {@code REJECTED}
 * @param position while WAITING, buyers ahead of it in the sale's queue (0 = next), else
 * absent
 * @param orderId once HELD, its order (which tells its current status), else absent
 * @param reason when REJECTED, the refusal code ({@code SALE_SOLD_OUT},
 * {@code PURCHASE_LIMIT_EXCEEDED}, {@code PROCESSING_FAILED}, …), else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record OrderRequestResponse(String requestId, String status, Long position, Long orderId, String reason) {

	static final String WAITING = "WAITING";

	static OrderRequestResponse waiting(String requestId, long position) {
		return new OrderRequestResponse(requestId, WAITING, position, null, null);
	}

}
