package com.example.promo.common.issuing;

/**
 * What {@link Issuing#queue} came to for a v3 request; a refusal is thrown instead.
 */
public enum Queueing {

	/** Admitted and published: answer {@code 202} with the request id. */
	QUEUED,

	/**
	 * The request id was reserved already (the same Idempotency-Key in flight, or refused
	 * at the gate): nothing was taken; answer as the first request's replay.
	 */
	IN_FLIGHT,

	/**
	 * Redis could not answer; any reservation was dropped and nothing was taken: serve it
	 * with v1.
	 */
	GATE_UNAVAILABLE

}
