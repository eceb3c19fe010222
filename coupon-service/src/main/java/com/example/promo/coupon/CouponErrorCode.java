package com.example.promo.coupon;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssuingErrorCode;

import org.springframework.http.HttpStatus;

/**
 * Every refusal of coupon-service's own; the names are the stable {@code code}s clients
 * branch on. The issuing kit's shared codes ({@code WRITE_TIMEOUT},
 * {@code PUBLISH_FAILED}, …) are
 * {@link com.example.promo.common.issuing.IssuingErrorCode}.
 */
public enum CouponErrorCode implements ErrorCode {

	/** No coupon policy with that id. */
	COUPON_NOT_FOUND(HttpStatus.NOT_FOUND, "Coupon not found"),

	/** No issued coupon with that id (of the caller's, on the owner's endpoints). */
	ISSUED_COUPON_NOT_FOUND(HttpStatus.NOT_FOUND, "Issued coupon not found"),

	/** No issue request with that id belongs to the caller. */
	ISSUE_REQUEST_NOT_FOUND(HttpStatus.NOT_FOUND, "Issue request not found"),

	/** Every unit has been issued. */
	COUPON_SOLD_OUT(HttpStatus.CONFLICT, "Coupon sold out"),

	/** The caller already holds as many as the per-user limit allows. */
	ALREADY_ISSUED(HttpStatus.CONFLICT, "Already issued"),

	/** Outside the issue window, or paused/ended by an admin. */
	COUPON_NOT_OPEN(HttpStatus.CONFLICT, "Coupon not open for issuing"),

	/** The issued coupon was already redeemed for another order. */
	COUPON_ALREADY_USED(HttpStatus.CONFLICT, "Coupon already used"),

	/** The issued coupon is past its expiry. */
	COUPON_EXPIRED(HttpStatus.CONFLICT, "Coupon expired"),

	/**
	 * A cancel-redemption names another order than the one the coupon is redeemed for.
	 */
	ORDER_MISMATCH(HttpStatus.CONFLICT, "Order does not match the redemption"),

	/** The order amount is below the policy's minimum. */
	MIN_ORDER_AMOUNT_NOT_MET(HttpStatus.CONFLICT, "Order amount below the coupon's minimum"),

	/** An idempotency key was reused for a different request. */
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused for a different request");

	private final HttpStatus status;

	private final String title;

	CouponErrorCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String title() {
		return this.title;
	}

	/**
	 * @param name a stored code
	 * @return coupon-service's code of that name, or the issuing kit's
	 * @throws IllegalArgumentException if neither has it
	 */
	public static ErrorCode of(String name) {
		return IssuingErrorCode.of(name, values());
	}

}
