package com.example.promo.point.use.web;

import java.util.Optional;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.RequestMarker;
import com.example.promo.point.request.RequestKind;
import com.example.promo.point.request.RequestResults;
import com.example.promo.point.use.PointUseRequested;
import com.example.promo.point.use.PointUses;
import com.example.promo.point.use.UseWritten;

import org.springframework.stereotype.Component;

/**
 * Use requests in {@code GET /api/points/requests/{requestId}}: a DONE one shows its use
 * as the 201 answer; a queued one reads PENDING (or the gate's refusal) from the kit's
 * marker.
 */
@Component
class UseRequestResults implements RequestResults {

	private final PointUses uses;

	private final Issuing<PointUseRequested, UseWritten> issuing;

	UseRequestResults(PointUses uses, Issuing<PointUseRequested, UseWritten> issuing) {
		this.uses = uses;
		this.issuing = issuing;
	}

	@Override
	public RequestKind kind() {
		return RequestKind.USE;
	}

	/**
	 * @param effectId a use id
	 * @return the use as its 201 answer
	 * @throws IllegalStateException if no such use exists (a DONE row always names one)
	 */
	@Override
	public Object result(long effectId) {
		return UseResponse.of(this.uses.find(effectId)
			.orElseThrow(() -> new IllegalStateException("a DONE use request names no use " + effectId)));
	}

	@Override
	public Optional<RequestMarker> pending(String requestId) {
		return this.issuing.pending(requestId);
	}

}
