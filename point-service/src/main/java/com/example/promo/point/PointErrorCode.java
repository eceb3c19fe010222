package com.example.promo.point;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssuingErrorCode;

import org.springframework.http.HttpStatus;

/**
 * Every refusal of point-service's own (DESIGN.md §4.2); the names are the stable
 * {@code code}s clients branch on. The issuing kit's shared codes ({@code WRITE_TIMEOUT},
 * {@code PUBLISH_FAILED}, …) are {@link IssuingErrorCode}.
 */
public enum PointErrorCode implements ErrorCode {

	/** The spendable (unexpired) balance is below the amount. */
	INSUFFICIENT_POINTS(HttpStatus.CONFLICT, "Insufficient points"),

	/** No use of the named user for that order. */
	USE_NOT_FOUND(HttpStatus.NOT_FOUND, "Use not found"),

	/**
	 * A cancel arrived before the use it cancels (a tombstone): the use is refused for
	 * good.
	 */
	USE_CANCELLED(HttpStatus.CONFLICT, "Use cancelled"),

	/** No use or join request with that id belongs to the caller. */
	REQUEST_NOT_FOUND(HttpStatus.NOT_FOUND, "Request not found"),

	/** No reward promotion with that id. */
	PROMOTION_NOT_FOUND(HttpStatus.NOT_FOUND, "Promotion not found"),

	/** Outside the promotion's window, or paused/ended by an admin. */
	PROMOTION_NOT_OPEN(HttpStatus.CONFLICT, "Promotion not open"),

	/** Every join of the promotion has been taken. */
	PROMOTION_SOLD_OUT(HttpStatus.CONFLICT, "Promotion sold out"),

	/** A once-per-day promotion already joined today (business zone). */
	ALREADY_JOINED_TODAY(HttpStatus.CONFLICT, "Already joined today"),

	/** The caller has joined as many times as the promotion allows. */
	JOIN_LIMIT_REACHED(HttpStatus.CONFLICT, "Join limit reached"),

	/** The caller has not joined every promotion this one requires. */
	PREREQUISITE_NOT_MET(HttpStatus.CONFLICT, "Prerequisite not met"),

	/**
	 * An idempotency key ({@code orderId}, {@code sourceId}, …) reused for another
	 * request.
	 */
	IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused for a different request");

	private final HttpStatus status;

	private final String title;

	PointErrorCode(HttpStatus status, String title) {
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
	 * @return point-service's code of that name, or the issuing kit's
	 * @throws IllegalArgumentException if neither has it
	 */
	public static ErrorCode of(String name) {
		return IssuingErrorCode.of(name, values());
	}

}
