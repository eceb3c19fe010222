package com.example.promo.timesale.payment;

import com.example.promo.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/**
 * A refusal of the pay saga's coupon or points step, passed through with the callee's own
 * code ({@code COUPON_ALREADY_USED}, {@code INSUFFICIENT_POINTS}, …) and status 409
 * (DESIGN.md §4.3).
 *
 * @param name the callee's code
 * @param status always 409
 * @param title a fixed sentence naming the callee
 */
record CalleeErrorCode(String name, HttpStatus status, String title) implements ErrorCode {

	static CalleeErrorCode of(String callee, String code) {
		return new CalleeErrorCode(code, HttpStatus.CONFLICT, "Refused by " + callee);
	}

}
