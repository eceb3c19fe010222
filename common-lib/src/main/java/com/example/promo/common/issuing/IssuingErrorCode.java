package com.example.promo.common.issuing;

import com.example.promo.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/**
 * The refusal and reason codes every issuing service shares (DESIGN.md §3).
 */
public enum IssuingErrorCode implements ErrorCode {

	/** A v3 request was admitted but surely never reached the queue; nothing was kept. */
	ISSUE_QUEUE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Issue queue unavailable"),

	/**
	 * The database write did not answer in time: the outcome is unknown. Retry with the
	 * same {@code Idempotency-Key} to learn it without doing it twice.
	 */
	WRITE_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE, "Write outcome unknown"),

	/** The service cannot take the request now (write queue full, shutting down). */
	SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable"),

	/**
	 * A queued (v3) request whose publish was never acknowledged and that never reached
	 * the consumer: decided REJECTED after the delivery window, admission released.
	 */
	PUBLISH_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "Request not delivered to the queue"),

	/**
	 * A queued (v3) request that kept failing in the consumer and was dead-lettered:
	 * REJECTED, admission released; an admin may replay it.
	 */
	PROCESSING_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "Request could not be processed");

	private final HttpStatus status;

	private final String title;

	IssuingErrorCode(HttpStatus status, String title) {
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
	 * Reads a stored refusal code back (an outcome's {@code reason}, a marker's refusal).
	 * @param name the code
	 * @param serviceCodes the service's own codes
	 * @return the service's code of that name, else the kit's
	 * @throws IllegalArgumentException if neither has it
	 */
	public static ErrorCode of(String name, ErrorCode... serviceCodes) {
		for (ErrorCode code : serviceCodes) {
			if (code.name().equals(name)) {
				return code;
			}
		}
		return valueOf(name);
	}

}
