package com.example.promo.timesale.payment;

/**
 * A callee answered 4xx: a final refusal (never retried).
 */
final class CalleeRefusedException extends RuntimeException {

	private final String callee;

	private final int status;

	private final String code;

	CalleeRefusedException(String callee, int status, String code, String detail) {
		super(callee + " refused (" + status + " " + code + "): " + detail, null, false, false);
		this.callee = callee;
		this.status = status;
		this.code = code;
	}

	String callee() {
		return this.callee;
	}

	int status() {
		return this.status;
	}

	/**
	 * @return the callee's problem {@code code}, or {@code HTTP_<status>} if it sent none
	 */
	String code() {
		return this.code;
	}

}
