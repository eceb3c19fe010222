package com.example.promo.common.error;

/**
 * A business refusal: answered by {@link ProblemDetailsAdvice} as a problem with the
 * status and stable {@code code} of its {@link ErrorCode}. Thrown only before anything
 * was written, or from inside a transaction that it rolls back.
 * <p>
 * It carries no stack trace: a refusal is an answer, not a fault, and a sold-out flash
 * sale refuses thousands a second, where filling in a Spring-deep stack trace for each
 * took 7% of coupon-service's CPU (perf, docs/benchmarks.md).
 */
public class DomainException extends RuntimeException {

	private final ErrorCode errorCode;

	/**
	 * @param errorCode the reason
	 * @param detail a sentence about this occurrence, shown as the problem's detail
	 */
	public DomainException(ErrorCode errorCode, String detail) {
		super(detail, null, false, false);
		this.errorCode = errorCode;
	}

	/**
	 * @return the reason
	 */
	public ErrorCode errorCode() {
		return this.errorCode;
	}

}
