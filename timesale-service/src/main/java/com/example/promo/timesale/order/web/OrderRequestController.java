package com.example.promo.timesale.order.web;

import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.order.OrderService;
import com.example.promo.timesale.order.RequestStatus;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/timesales/requests/{requestId}}: where the caller's queued (v3) order
 * stands — WAITING with its position, HELD with its order, or REJECTED with a reason.
 * Someone else's request, or an unknown one, is {@code 404 REQUEST_NOT_FOUND}.
 */
@RestController
@RequestMapping("/api/timesales/requests")
@Tag(name = "Orders")
class OrderRequestController {

	private final OrderService service;

	OrderRequestController(OrderService service) {
		this.service = service;
	}

	@GetMapping("/{requestId}")
	@Operation(summary = "Where the caller's queued order stands: WAITING (+ position), HELD (+ orderId) or REJECTED"
			+ " (+ reason)")
	OrderRequestResponse request(@PathVariable UUID requestId, @CurrentUserId String userId) {
		String id = requestId.toString();
		RequestStatus status = this.service.status(id, userId)
			.orElseThrow(() -> new DomainException(TimesaleErrorCode.REQUEST_NOT_FOUND,
					"No order request " + id + " of yours."));
		return new OrderRequestResponse(status.requestId(), status.status(), status.position(), status.orderId(),
				status.reason());
	}

}
