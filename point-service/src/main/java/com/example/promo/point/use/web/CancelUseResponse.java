package com.example.promo.point.use.web;

/**
 * Answer of a use's cancel.
 *
 * @param orderId the order
 * @param restored points given back
 * @param balanceAfter the spendable balance after the cancel (now, for a repeated
 * cancel), in points
 */
record CancelUseResponse(String orderId, long restored, long balanceAfter) {
}
