package com.example.promo.timesale;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssuingErrorCode;

import org.springframework.http.HttpStatus;

/**
 * Every refusal of timesale-service's own (DESIGN.md §4.3); the names are the stable
 * {@code code}s clients branch on. The issuing kit's shared codes ({@code WRITE_TIMEOUT},
 * {@code PUBLISH_FAILED}, …) are {@link IssuingErrorCode}; a refusal of the pay saga's
 * coupon or points step passes through with the callee's own code.
 */
public enum TimesaleErrorCode implements ErrorCode {

	/** No product with that id. */
	PRODUCT_NOT_FOUND(HttpStatus.NOT_FOUND, "Product not found"),

	/** No time sale with that id. */
	SALE_NOT_FOUND(HttpStatus.NOT_FOUND, "Sale not found"),

	/** Before its start, after its end, or paused/ended by an admin. */
	SALE_NOT_OPEN(HttpStatus.CONFLICT, "Sale not open"),

	/** Every unit is held or sold (or fewer are left than the order's quantity). */
	SALE_SOLD_OUT(HttpStatus.CONFLICT, "Sale sold out"),

	/**
	 * The caller's held and paid units plus this order's would exceed the sale's per-user
	 * limit (also when the order's quantity alone does).
	 */
	PURCHASE_LIMIT_EXCEEDED(HttpStatus.CONFLICT, "Purchase limit exceeded"),

	/** No order with that id belongs to the caller. */
	ORDER_NOT_FOUND(HttpStatus.NOT_FOUND, "Order not found"),

	/** No order request with that id belongs to the caller. */
	REQUEST_NOT_FOUND(HttpStatus.NOT_FOUND, "Request not found"),

	/** The hold ran out ({@code payBy} passed), whether or not the sweep has run. */
	HOLD_EXPIRED(HttpStatus.CONFLICT, "Hold expired"),

	/** The order is not HELD (paid, cancelled, expired or refunded). */
	ORDER_NOT_PAYABLE(HttpStatus.CONFLICT, "Order not payable"),

	/** The order is PAID or REFUNDED: a paid order is refunded, not cancelled. */
	ORDER_NOT_CANCELLABLE(HttpStatus.CONFLICT, "Order not cancellable"),

	/** A pay of this order is running (or compensating): its outcome decides first. */
	PAYMENT_IN_PROGRESS(HttpStatus.CONFLICT, "Payment in progress"),

	/** Not PAID, or past {@code promo.timesale.refund-window} after payment. */
	REFUND_NOT_ALLOWED(HttpStatus.CONFLICT, "Refund not allowed"),

	/**
	 * coupon-service or point-service did not answer (timeout, circuit open, 5xx):
	 * nothing was taken and the order is still HELD.
	 */
	DEPENDENCY_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Dependency unavailable"),

	/** An Idempotency-Key reused for another request. */
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused for a different request");

	private final HttpStatus status;

	private final String title;

	TimesaleErrorCode(HttpStatus status, String title) {
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
	 * @return timesale-service's code of that name, or the issuing kit's
	 * @throws IllegalArgumentException if neither has it
	 */
	public static ErrorCode of(String name) {
		return IssuingErrorCode.of(name, values());
	}

}
