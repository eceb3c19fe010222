package com.example.promo.coupon.issue.web;

/**
 * Body of a 202 from v3.
 *
 * @param requestId poll {@code GET /api/coupons/requests/{requestId}}
 * @param status always {@code PENDING}
 */
record IssueAcceptedResponse(String requestId, String status) {
}
