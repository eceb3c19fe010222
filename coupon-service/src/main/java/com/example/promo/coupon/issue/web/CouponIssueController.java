package com.example.promo.coupon.issue.web;

import java.net.URI;
import java.time.Clock;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Size;

import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.coupon.issue.CouponIssueService;
import com.example.promo.coupon.issue.IssueRequest;
import com.example.promo.coupon.issue.IssueRequestQueries;
import com.example.promo.coupon.issue.IssueRequestQueries.RequestStatus;
import com.example.promo.coupon.issue.IssueResult;
import com.example.promo.coupon.wallet.web.IssuedCouponResponse;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Issuing ({@code ?strategy=v1|v2|v3}) and the caller's own issue requests. The
 * {@code X-Strategy} response header names the strategy that actually served an issue.
 */
@RestController
@RequestMapping("/api/coupons")
@Tag(name = "Issuing")
class CouponIssueController {

	private final CouponIssueService issuing;

	private final IssueRequestQueries queries;

	private final Clock clock;

	CouponIssueController(CouponIssueService issuing, IssueRequestQueries queries, Clock clock) {
		this.issuing = issuing;
		this.queries = queries;
		this.clock = clock;
	}

	@PostMapping("/{couponId}/issue")
	@Operation(summary = "Issue one unit to the caller: v1 DB lock, v2 Redis gate (default), v3 Kafka queue (202)")
	ResponseEntity<?> issue(@PathVariable long couponId,
			@Parameter(description = "v1, v2 or v3") @RequestParam(defaultValue = "v2") IssueStrategy strategy,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 100) String idempotencyKey,
			@CurrentUserId String userId, HttpServletResponse response) {
		IssueResult result;
		try {
			result = this.issuing.issue(couponId, userId, strategy, idempotencyKey);
		}
		catch (IssueRefusedException ex) {
			response.setHeader(IssueStrategy.HEADER, ex.servedBy().toString());
			throw ex;
		}
		return switch (result) {
			case IssueResult.Issued issued ->
				ResponseEntity.created(URI.create("/api/coupons/issued/" + issued.coupon().getId()))
					.header(IssueStrategy.HEADER, issued.servedBy().toString())
					.body(IssuedCouponResponse.of(issued.coupon(), this.clock.instant()));
			case IssueResult.Queued queued -> ResponseEntity.accepted()
				.location(URI.create("/api/coupons/requests/" + queued.requestId()))
				.header(IssueStrategy.HEADER, queued.servedBy().toString())
				.body(new IssueAcceptedResponse(queued.requestId(), RequestOutcome.PENDING.name()));
		};
	}

	@GetMapping("/requests/{requestId}")
	@Operation(summary = "Where the caller's issue request stands: PENDING, ISSUED or REJECTED")
	IssueRequestResponse request(@PathVariable UUID requestId, @CurrentUserId String userId) {
		RequestStatus status = this.queries.request(requestId.toString(), userId);
		return new IssueRequestResponse(status.requestId(), status.couponId(), IssueRequest.statusName(status.state()),
				(status.coupon() != null) ? IssuedCouponResponse.of(status.coupon(), this.clock.instant()) : null,
				(status.reason() != null) ? status.reason().name() : null);
	}

}
