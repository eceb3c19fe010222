package com.example.promo.timesale.order;

/**
 * Where one queued (v3) order request stands.
 *
 * @param requestId the request id
 * @param status {@code WAITING}, {@code HELD} or {@code REJECTED}
 * @param position while WAITING, buyers ahead of it in the sale's queue, else
 * {@code null}
 * @param orderId once HELD, its order, else {@code null}
 * @param reason when REJECTED, the refusal code, else {@code null}
 */
public record RequestStatus(String requestId, String status, Long position, Long orderId, String reason) {
}
