package com.example.promo.coupon.policy.web;

import java.net.URI;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.web.PageResponse;
import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyService;
import com.example.promo.coupon.policy.CreateCouponRequest;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Coupon policies: create and switch (admin), read and list (any user). */
@RestController
@RequestMapping("/api/coupons")
@Tag(name = "Coupon policies")
class CouponPolicyController {

	private final CouponPolicyService policies;

	CouponPolicyController(CouponPolicyService policies) {
		this.policies = policies;
	}

	@PostMapping
	@Operation(summary = "Create a coupon policy (admin)")
	ResponseEntity<CouponResponse> create(@Valid @RequestBody CreateCouponRequest request) {
		CouponPolicy policy = this.policies.create(request);
		return ResponseEntity.created(URI.create("/api/coupons/" + policy.getId())).body(CouponResponse.of(policy));
	}

	@GetMapping("/{couponId}")
	@Operation(summary = "A coupon policy with issued and remaining quantities")
	CouponResponse get(@PathVariable long couponId) {
		return CouponResponse.of(this.policies.get(couponId));
	}

	@GetMapping
	@Operation(summary = "Coupon policies, newest first")
	PageResponse<CouponResponse> list(@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size) {
		return PageResponse.of(this.policies.list(PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"))),
				CouponResponse::of);
	}

	@PatchMapping("/{couponId}/status")
	@Operation(summary = "Activate, pause (kill switch) or end a coupon policy (admin)")
	CouponResponse changeStatus(@PathVariable long couponId, @Valid @RequestBody ChangeStatusRequest request) {
		return CouponResponse.of(this.policies.changeStatus(couponId, request.status()));
	}

}
