package com.example.promo.point.request.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a batched use or join request stands.
 *
 * @param requestId the request id
 * @param status {@code PENDING}, {@code DONE} or {@code REJECTED}
 * @param reason the refusal code when REJECTED (e.g. {@code INSUFFICIENT_POINTS},
 * {@code PUBLISH_FAILED}), else absent
 * @param use the use, as its 201 answer, when a use is DONE, else absent
 * @param join the join, as its 201 answer, when a join is DONE, else absent
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record PointRequestResponse(String requestId, String status, String reason, Object use, Object join) {
}
