package com.example.promo.point.promotion.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.web.PageResponse;
import com.example.promo.point.promotion.CreatePromotionRequest;
import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionService;
import com.example.promo.point.promotion.PromotionStatus;

import org.springframework.data.domain.PageRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reward promotions: create and switch (admin, enforced by the application's
 * {@code AdminEndpoints}), read and list (any user).
 */
@RestController
@RequestMapping("/api/points/promotions")
@Tag(name = "Promotions")
class PromotionController {

	private final PromotionService promotions;

	PromotionController(PromotionService promotions) {
		this.promotions = promotions;
	}

	@PostMapping
	@Operation(summary = "Create a reward promotion (admin)")
	ResponseEntity<PromotionResponse> create(@Valid @RequestBody CreatePromotionRequest request) {
		Promotion promotion = this.promotions.create(request);
		return ResponseEntity.created(URI.create("/api/points/promotions/" + promotion.id()))
			.body(PromotionResponse.of(promotion));
	}

	@GetMapping("/{id}")
	@Operation(summary = "A promotion with its joined count and remaining joins")
	PromotionResponse get(@PathVariable long id) {
		return PromotionResponse.of(this.promotions.get(id));
	}

	@GetMapping
	@Operation(summary = "Promotions, newest first, optionally of one status")
	PageResponse<PromotionResponse> list(
			@Parameter(description = "ACTIVE, PAUSED or ENDED") @RequestParam(required = false) PromotionStatus status,
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		return PageResponse.of(this.promotions.list(status, PageRequest.of(page, size)), PromotionResponse::of);
	}

	@PatchMapping("/{id}/status")
	@Operation(summary = "Activate, pause (kill switch) or end a promotion (admin)")
	PromotionResponse changeStatus(@PathVariable long id, @Valid @RequestBody ChangeStatusRequest request) {
		return PromotionResponse.of(this.promotions.changeStatus(id, request.status()));
	}

}
