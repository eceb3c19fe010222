package com.example.promo.timesale.payment.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.common.security.CurrentUserId;
import com.example.promo.timesale.payment.PayCommand;
import com.example.promo.timesale.order.OrderView;
import com.example.promo.timesale.payment.Payments;
import com.example.promo.timesale.payment.Refunds;

import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Paying a HELD order (the saga over coupon-service and point-service) and refunding a
 * PAID one, by its owner (DESIGN.md §4.3).
 */
@RestController
@RequestMapping("/api/timesales/orders/{orderId}")
@Tag(name = "Payments")
class PaymentController {

	/**
	 * The longest Idempotency-Key, as {@code payment_attempt.idempotency_key} holds it.
	 */
	static final int MAX_KEY = 128;

	private final Payments payments;

	private final Refunds refunds;

	PaymentController(Payments payments, Refunds refunds) {
		this.payments = payments;
		this.refunds = refunds;
	}

	@PostMapping("/pay")
	@Operation(summary = "Pay a HELD order: coupon, then points, then PAID (200); a callee's refusal is 409 with its"
			+ " code, a callee down 503 with nothing taken")
	OrderView pay(@PathVariable long orderId, @Valid @RequestBody(required = false) PayRequest request,
			@RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
			@RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, @CurrentUserId String userId) {
		if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY)) {
			throw new InvalidFieldException("Idempotency-Key", "must be 1 to " + MAX_KEY + " characters, not blank");
		}
		PayRequest body = (request != null) ? request : new PayRequest(null, null);
		return this.payments.pay(new PayCommand(orderId, userId, authorization, body.issuedCouponId(),
				(body.points() != null) ? body.points() : 0, idempotencyKey));
	}

	@PostMapping("/refund")
	@Operation(summary = "Refund a PAID order within the refund window: coupon and points undone, units back if the"
			+ " sale is live")
	OrderView refund(@PathVariable long orderId, @CurrentUserId String userId) {
		return this.refunds.refund(orderId, userId);
	}

}
