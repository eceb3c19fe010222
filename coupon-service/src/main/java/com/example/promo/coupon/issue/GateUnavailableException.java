package com.example.promo.coupon.issue;

/**
 * The Redis gate cannot answer (Redis unreachable, circuit open, or a rebuild held by
 * another instance for too long). The request is then served by v1, which is safe because
 * the database decides.
 */
class GateUnavailableException extends RuntimeException {

	GateUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
