package com.example.promo.point.join.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.common.web.PageResponse;
import com.example.promo.point.join.JoinResult;
import com.example.promo.point.join.JoinService;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Joining reward promotions ({@code ?strategy=v1|v2|v3}) and the caller's own joins. The
 * {@code X-Strategy} response header names the strategy that actually served a join.
 */
@RestController
@RequestMapping("/api/points")
@Tag(name = "Promotion joins")
class JoinController {

	private final JoinService joins;

	JoinController(JoinService joins) {
		this.joins = joins;
	}

	@PostMapping("/promotions/{id}/join")
	@Operation(summary = "Join a promotion, earning its reward: v1 DB lock, v2 Redis gate (default), v3 Kafka queue"
			+ " (202)")
	ResponseEntity<?> join(@PathVariable long id,
			@Parameter(description = "v1, v2 or v3") @RequestParam(defaultValue = "v2") IssueStrategy strategy,
			@RequestHeader(name = "Idempotency-Key", required = false) @Size(min = 1, max = 100) String idempotencyKey,
			@CurrentUserId String userId, HttpServletResponse response) {
		JoinResult result;
		try {
			result = this.joins.join(id, userId, strategy, idempotencyKey);
		}
		catch (IssueRefusedException ex) {
			response.setHeader(IssueStrategy.HEADER, ex.servedBy().toString());
			throw ex;
		}
		return switch (result) {
			case JoinResult.Joined joined -> ResponseEntity.status(HttpStatus.CREATED)
				.header(IssueStrategy.HEADER, joined.servedBy().toString())
				.body(JoinResponse.of(joined.join()));
			case JoinResult.Queued queued -> ResponseEntity.accepted()
				.location(URI.create("/api/points/requests/" + queued.requestId()))
				.header(IssueStrategy.HEADER, queued.servedBy().toString())
				.body(new JoinAcceptedResponse(queued.requestId(), RequestOutcome.PENDING.name()));
		};
	}

	@GetMapping("/me/joins")
	@Operation(summary = "The caller's joins, newest first")
	PageResponse<JoinResponse> myJoins(@CurrentUserId String userId,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		return PageResponse.of(this.joins.joinsOf(userId, PageRequest.of(page, size)), JoinResponse::of);
	}

}
