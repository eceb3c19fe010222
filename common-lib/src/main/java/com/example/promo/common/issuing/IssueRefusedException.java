package com.example.promo.common.issuing;

import com.example.promo.common.error.DomainException;

/**
 * An issue refusal (sold out, already issued, not open, …) that also tells which strategy
 * reached it, so the refusal carries the {@code X-Strategy} header too.
 */
public class IssueRefusedException extends DomainException {

	private final IssueStrategy servedBy;

	/**
	 * @param refusal the refusal
	 * @param servedBy the strategy that reached it
	 */
	public IssueRefusedException(DomainException refusal, IssueStrategy servedBy) {
		super(refusal.errorCode(), refusal.getMessage());
		this.servedBy = servedBy;
	}

	/**
	 * @return the strategy that served the request
	 */
	public IssueStrategy servedBy() {
		return this.servedBy;
	}

}
