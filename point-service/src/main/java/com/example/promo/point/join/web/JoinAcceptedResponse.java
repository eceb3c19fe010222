package com.example.promo.point.join.web;

/**
 * Body of a 202 from v3.
 *
 * @param requestId poll {@code GET /api/points/requests/{requestId}}
 * @param status always {@code PENDING}
 */
record JoinAcceptedResponse(String requestId, String status) {
}
