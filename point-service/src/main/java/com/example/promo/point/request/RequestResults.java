package com.example.promo.point.request;

import java.util.Optional;

import com.example.promo.common.issuing.RequestMarker;

/**
 * What one request kind contributes to {@code GET /api/points/requests/{requestId}}: the
 * body of its success and its queued requests' markers.
 */
public interface RequestResults {

	/**
	 * @return the kind served
	 */
	RequestKind kind();

	/**
	 * @param effectId the use id or join id a DONE request wrote
	 * @return its body, shaped as the 201 answer of v1/v2
	 */
	Object result(long effectId);

	/**
	 * @param requestId a request id without an outcome row
	 * @return its queue marker while PENDING (or refused at the gate), else empty
	 */
	Optional<RequestMarker> pending(String requestId);

}
