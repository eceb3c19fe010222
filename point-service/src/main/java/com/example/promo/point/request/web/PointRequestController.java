package com.example.promo.point.request.web;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.RequestMarker;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.request.PointRequest;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;
import com.example.promo.point.request.RequestResults;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/points/requests/{requestId}}: where the caller's queued (v3) use or
 * join stands. Someone else's request, or an unknown one, is {@code 404
 * REQUEST_NOT_FOUND}.
 */
@RestController
@RequestMapping("/api/points/requests")
@Tag(name = "Requests")
class PointRequestController {

	private final PointRequests requests;

	private final List<RequestResults> kinds;

	PointRequestController(PointRequests requests, List<RequestResults> kinds) {
		this.requests = requests;
		this.kinds = kinds;
	}

	@GetMapping("/{requestId}")
	@Operation(summary = "Where the caller's use or join request stands: PENDING, DONE (+ use or join) or REJECTED")
	PointRequestResponse request(@PathVariable UUID requestId, @CurrentUserId String userId) {
		String id = requestId.toString();
		Optional<PointRequest> decided = this.requests.find(id).filter((request) -> request.userId().equals(userId));
		if (decided.isPresent()) {
			PointRequest request = decided.get();
			if (request.outcome() == RequestOutcome.SUCCEEDED) {
				Object body = results(request.kind()).result(request.effectId());
				return new PointRequestResponse(id, PointRequest.statusName(request.outcome()), null,
						(request.kind() == RequestKind.USE) ? body : null,
						(request.kind() == RequestKind.JOIN) ? body : null);
			}
			return new PointRequestResponse(id, PointRequest.statusName(request.outcome()), request.reason().name(),
					null, null);
		}
		for (RequestResults kind : this.kinds) {
			Optional<RequestMarker> marker = kind.pending(id).filter((m) -> m.holderId().equals(userId));
			if (marker.isPresent()) {
				String refusal = marker.get().refusal();
				return new PointRequestResponse(id,
						(refusal != null) ? RequestOutcome.REJECTED.name() : RequestOutcome.PENDING.name(), refusal,
						null, null);
			}
		}
		throw new DomainException(PointErrorCode.REQUEST_NOT_FOUND, "No use or join request " + id + " of yours.");
	}

	private RequestResults results(RequestKind kind) {
		return this.kinds.stream()
			.filter((results) -> results.kind() == kind)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no results of " + kind + " requests"));
	}

}
