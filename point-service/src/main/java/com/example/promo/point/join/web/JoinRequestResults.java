package com.example.promo.point.join.web;

import java.util.Optional;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.RequestMarker;
import com.example.promo.point.join.Join;
import com.example.promo.point.join.JoinRepository;
import com.example.promo.point.join.JoinWritten;
import com.example.promo.point.join.PointJoinRequested;
import com.example.promo.point.request.RequestKind;
import com.example.promo.point.request.RequestResults;

import org.springframework.stereotype.Component;

/**
 * Joins' part of {@code GET /api/points/requests/{requestId}}: a DONE join request shows
 * its join as the 201 answer would; a queued one is PENDING while the join gate's queue
 * marks it.
 */
@Component
class JoinRequestResults implements RequestResults {

	private final JoinRepository joins;

	private final Issuing<PointJoinRequested, JoinWritten> issuing;

	JoinRequestResults(JoinRepository joins, Issuing<PointJoinRequested, JoinWritten> issuing) {
		this.joins = joins;
		this.issuing = issuing;
	}

	@Override
	public RequestKind kind() {
		return RequestKind.JOIN;
	}

	@Override
	public Object result(long effectId) {
		Join join = this.joins.findById(effectId)
			.orElseThrow(() -> new IllegalStateException(
					"a DONE join request names join " + effectId + ", which does not exist"));
		return JoinResponse.of(join);
	}

	@Override
	public Optional<RequestMarker> pending(String requestId) {
		return this.issuing.pending(requestId);
	}

}
