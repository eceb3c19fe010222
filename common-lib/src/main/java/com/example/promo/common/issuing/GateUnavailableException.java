package com.example.promo.common.issuing;

/**
 * The Redis gate cannot answer (Redis unreachable, circuit open, or a rebuild held by
 * another instance for too long). The request is then served by v1, which is safe because
 * the database decides.
 */
public class GateUnavailableException extends RuntimeException {

	/**
	 * @param message what failed
	 * @param cause the Redis failure, or {@code null}
	 */
	public GateUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
