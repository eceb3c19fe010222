package com.example.promo.timesale.order.web;

import java.net.URI;
import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.common.web.PageResponse;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.hold.Holds;
import com.example.promo.timesale.order.OrderResult;
import com.example.promo.timesale.order.OrderService;
import com.example.promo.timesale.order.OrderView;
import com.example.promo.timesale.order.Orders;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Placing orders on a time sale ({@code ?strategy=v1|v2|v3}), and the caller's own
 * orders: read (a HELD order past its {@code payBy} is expired first, lazily) and
 * cancelled. The {@code X-Strategy} response header names the strategy that actually
 * served an order.
 */
@RestController
@RequestMapping("/api/timesales")
@Tag(name = "Orders")
class OrderController {

	/** The longest {@code Idempotency-Key} taken, characters. */
	static final int MAX_KEY_LENGTH = 100;

	private final OrderService service;

	private final Orders orders;

	private final Holds holds;

	private final Clock clock;

	OrderController(OrderService service, Orders orders, Holds holds, Clock clock) {
		this.service = service;
		this.orders = orders;
		this.holds = holds;
		this.clock = clock;
	}

	@PostMapping("/{saleId}/orders")
	@Operation(summary = "Order units of a sale, holding them until payBy: v1 DB lock, v2 Redis gate (default), v3"
			+ " waiting room (202 + position)")
	ResponseEntity<?> place(@PathVariable long saleId,
			@Parameter(description = "v1, v2 or v3") @RequestParam(defaultValue = "v2") IssueStrategy strategy,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@Valid @RequestBody PlaceOrderRequest body, @CurrentUserId String userId, HttpServletResponse response) {
		if (idempotencyKey != null && (idempotencyKey.isEmpty() || idempotencyKey.length() > MAX_KEY_LENGTH)) {
			// Checked here, not by a constraint: method validation would name the body
			// "body" instead of its fields.
			throw new InvalidFieldException("Idempotency-Key", "size must be between 1 and " + MAX_KEY_LENGTH);
		}
		OrderResult result;
		try {
			result = this.service.place(saleId, userId, body.quantity(), strategy, idempotencyKey);
		}
		catch (IssueRefusedException ex) {
			response.setHeader(IssueStrategy.HEADER, ex.servedBy().toString());
			throw ex;
		}
		return switch (result) {
			case OrderResult.Placed placed ->
				ResponseEntity.created(URI.create("/api/timesales/orders/" + placed.order().orderId()))
					.header(IssueStrategy.HEADER, placed.servedBy().toString())
					.body(PlacedOrderResponse.of(placed.order()));
			case OrderResult.Queued queued -> ResponseEntity.accepted()
				.location(URI.create("/api/timesales/requests/" + queued.requestId()))
				.header(IssueStrategy.HEADER, queued.servedBy().toString())
				.body(OrderRequestResponse.waiting(queued.requestId(), queued.position()));
		};
	}

	@GetMapping("/orders/me")
	@Operation(summary = "The caller's orders, newest first")
	PageResponse<OrderView> myOrders(@CurrentUserId String userId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		PageRequest pageable = PageRequest.of(page, size);
		Page<OrderView> mine = this.orders.ofUser(userId, pageable);
		boolean expired = false;
		for (OrderView order : mine) {
			if (order.dueAt(this.clock.instant())) {
				expired |= this.holds.expireIfDue(order.orderId());
			}
		}
		return PageResponse.of(expired ? this.orders.ofUser(userId, pageable) : mine, (order) -> order);
	}

	@GetMapping("/orders/{orderId}")
	@Operation(summary = "One of the caller's orders")
	OrderView order(@PathVariable long orderId, @CurrentUserId String userId) {
		OrderView order = find(orderId, userId);
		if (order.dueAt(this.clock.instant()) && this.holds.expireIfDue(orderId)) {
			return find(orderId, userId);
		}
		return order;
	}

	@PostMapping("/orders/{orderId}/cancel")
	@Operation(summary = "Cancel one of the caller's HELD orders, giving its units back once; idempotent")
	OrderView cancel(@PathVariable long orderId, @CurrentUserId String userId) {
		this.holds.cancel(orderId, userId);
		return find(orderId, userId);
	}

	private OrderView find(long orderId, String userId) {
		return this.orders.find(orderId, userId)
			.orElseThrow(
					() -> new DomainException(TimesaleErrorCode.ORDER_NOT_FOUND, "No order " + orderId + " of yours."));
	}

}
