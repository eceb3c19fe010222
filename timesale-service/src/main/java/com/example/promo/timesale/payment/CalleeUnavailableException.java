package com.example.promo.timesale.payment;

/**
 * A callee could not be reached or did not decide: connection refused or reset, timeout,
 * 5xx after the retries, or its circuit breaker open. The step may or may not have
 * happened.
 */
final class CalleeUnavailableException extends RuntimeException {

	CalleeUnavailableException(String callee, Throwable cause) {
		super(callee + " unavailable: " + cause, cause);
	}

}
