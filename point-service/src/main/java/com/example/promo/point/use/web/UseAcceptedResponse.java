package com.example.promo.point.use.web;

/**
 * Body of a 202 from v3.
 *
 * @param requestId poll {@code GET /api/points/requests/{requestId}}
 * @param status always {@code PENDING}
 */
record UseAcceptedResponse(String requestId, String status) {
}
