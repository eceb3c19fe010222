package com.example.promo.point.use.web;

import java.net.URI;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.use.PointUseService;
import com.example.promo.point.use.UseCancelService;
import com.example.promo.point.use.UseResult;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Using the caller's points on an order ({@code ?strategy=v1|v2|v3}; the
 * {@code X-Strategy} response header names the strategy that actually served it), and
 * cancelling a use of a cancelled order (services and admins only, see
 * {@code PointServiceApplication#adminEndpoints}).
 */
@RestController
@RequestMapping("/api/points")
@Tag(name = "Uses")
class PointUseController {

	/** The longest order id, as {@code point_use.order_id} holds it. */
	static final int MAX_ORDER_ID = 64;

	private final PointUseService uses;

	private final UseCancelService cancels;

	PointUseController(PointUseService uses, UseCancelService cancels) {
		this.uses = uses;
		this.cancels = cancels;
	}

	@PostMapping("/use")
	@Operation(summary = "Spend the caller's points on an order: v1 DB lock, v2 Redis gate (default), v3 Kafka queue"
			+ " (202); idempotent per orderId")
	ResponseEntity<?> use(
			@Parameter(description = "v1, v2 or v3") @RequestParam(defaultValue = "v2") IssueStrategy strategy,
			@Valid @RequestBody UseRequest request, @CurrentUserId String userId, HttpServletResponse response) {
		UseResult result;
		try {
			result = this.uses.use(userId, request.orderId(), request.amount(), strategy);
		}
		catch (IssueRefusedException ex) {
			response.setHeader(IssueStrategy.HEADER, ex.servedBy().toString());
			throw ex;
		}
		return switch (result) {
			case UseResult.Used used -> ResponseEntity.status(HttpStatus.CREATED)
				.header(IssueStrategy.HEADER, used.servedBy().toString())
				.body(UseResponse.of(used.use()));
			case UseResult.Queued queued -> ResponseEntity.accepted()
				.location(URI.create("/api/points/requests/" + queued.requestId()))
				.header(IssueStrategy.HEADER, queued.servedBy().toString())
				.body(new UseAcceptedResponse(queued.requestId(), RequestOutcome.PENDING.name()));
		};
	}

	@PostMapping("/uses/{orderId}/cancel")
	@Operation(summary = "Service or admin: give back what the user's use of a cancelled order took; idempotent; an"
			+ " unknown use is 404 and refuses a later use of that order")
	CancelUseResponse cancel(@PathVariable String orderId, @Valid @RequestBody CancelUseRequest request,
			@CurrentUserId String callerId) {
		if (orderId.isBlank() || orderId.length() > MAX_ORDER_ID) {
			throw new InvalidFieldException("orderId", "must be 1 to " + MAX_ORDER_ID + " characters, not blank");
		}
		Optional<UseCancelService.Cancelled> cancelled = this.cancels.cancel(request.userId(), orderId, callerId);
		return cancelled.map((c) -> new CancelUseResponse(c.orderId(), c.restored(), c.balanceAfter()))
			.orElseThrow(() -> new DomainException(PointErrorCode.USE_NOT_FOUND, "User " + request.userId()
					+ " has no use of order " + orderId + "; a use of it arriving later will be refused."));
	}

}
