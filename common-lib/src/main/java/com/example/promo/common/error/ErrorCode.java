package com.example.promo.common.error;

import org.springframework.http.HttpStatus;

/**
 * A stable, machine-readable reason for a refusal, sent as the {@code code} property of
 * an RFC 9457 problem. Each service lists its codes in an enum implementing this.
 */
public interface ErrorCode {

	/**
	 * The stable code, e.g. {@code COUPON_SOLD_OUT}; clients branch on it.
	 * @return the code, upper snake case
	 */
	String name();

	/**
	 * The HTTP status the refusal is answered with.
	 * @return the status
	 */
	HttpStatus status();

	/**
	 * The problem title shown to people.
	 * @return a short, fixed sentence
	 */
	String title();

}
