package com.example.promo.coupon.wallet.web;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import com.example.promo.common.security.CurrentUserId;
import com.example.promo.common.web.PageResponse;
import com.example.promo.coupon.wallet.Wallet;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own coupons. */
@RestController
@RequestMapping("/api/coupons")
@Tag(name = "My coupons")
class WalletController {

	private final Wallet wallet;

	private final Clock clock;

	WalletController(Wallet wallet, Clock clock) {
		this.wallet = wallet;
		this.clock = clock;
	}

	@GetMapping("/me")
	@Operation(summary = "The caller's issued coupons, newest first")
	PageResponse<IssuedCouponResponse> mine(
			@RequestParam(defaultValue = "0") @Min(0) @Max(PageResponse.MAX_PAGE) int page,
			@RequestParam(defaultValue = "20") @Min(1) @Max(PageResponse.MAX_SIZE) int size,
			@CurrentUserId String userId) {
		PageRequest pageable = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "issuedAt", "id"));
		return PageResponse.of(this.wallet.coupons(userId, pageable),
				(coupon) -> IssuedCouponResponse.of(coupon, this.clock.instant()));
	}

	@GetMapping("/issued/{issuedCouponId}")
	@Operation(summary = "One of the caller's issued coupons")
	IssuedCouponResponse issued(@PathVariable long issuedCouponId, @CurrentUserId String userId) {
		return IssuedCouponResponse.of(this.wallet.coupon(issuedCouponId, userId), this.clock.instant());
	}

}
