package com.example.promo.coupon.redeem.web;

import java.time.Clock;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import com.example.promo.common.security.CurrentUserId;
import com.example.promo.coupon.redeem.CancelRedemptionRequest;
import com.example.promo.coupon.redeem.RedeemRequest;
import com.example.promo.coupon.redeem.Redemption;
import com.example.promo.coupon.redeem.RedemptionService;
import com.example.promo.coupon.wallet.web.IssuedCouponResponse;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Redeeming the caller's issued coupons against orders, and undoing the redemption of a
 * cancelled order (services and admins only, {@link RedemptionEndpoints}).
 */
@RestController
@RequestMapping("/api/coupons/issued/{issuedCouponId}")
@Tag(name = "Redemption")
class RedemptionController {

	private final RedemptionService redemptions;

	private final Clock clock;

	RedemptionController(RedemptionService redemptions, Clock clock) {
		this.redemptions = redemptions;
		this.clock = clock;
	}

	@PostMapping("/redeem")
	@Operation(summary = "Redeem for an order: the discount in KRW; idempotent per orderId")
	Redemption redeem(@PathVariable long issuedCouponId, @Valid @RequestBody RedeemRequest request,
			@CurrentUserId String userId) {
		return this.redemptions.redeem(issuedCouponId, userId, request);
	}

	@PostMapping("/cancel-redemption")
	@Operation(summary = "Service or admin: undo the redemption for a cancelled order (ISSUED again); idempotent")
	IssuedCouponResponse cancel(@PathVariable long issuedCouponId,
			@Valid @RequestBody CancelRedemptionRequest request) {
		return IssuedCouponResponse.of(this.redemptions.cancel(issuedCouponId, request.orderId()),
				this.clock.instant());
	}

}
