package com.example.promo.timesale.hold;

import org.springframework.stereotype.Component;

/**
 * The end of a hold other than payment: cancel and expiry, each once (DESIGN.md §4.3).
 * Being written in branch ts-sale; these signatures are what the order and payment
 * features call.
 */
@Component
public class Holds {

	/**
	 * Cancels the user's HELD order once; idempotent.
	 * @param orderId the order
	 * @param userId the caller
	 * @return the order's status after the call: CANCELLED, or EXPIRED if it was due
	 * @throws com.example.promo.common.error.DomainException ORDER_NOT_FOUND,
	 * ORDER_NOT_CANCELLABLE, PAYMENT_IN_PROGRESS
	 */
	public String cancel(long orderId, String userId) {
		throw new UnsupportedOperationException("being written in branch ts-sale");
	}

	/**
	 * Lazy expiry of one order, in its own transaction.
	 * @param orderId the order
	 * @return whether this call expired it
	 */
	public boolean expireIfDue(long orderId) {
		throw new UnsupportedOperationException("being written in branch ts-sale");
	}

	/**
	 * The sweep's step.
	 * @param limit most orders to expire
	 * @return how many this call expired
	 */
	public int expireDue(int limit) {
		throw new UnsupportedOperationException("being written in branch ts-sale");
	}

}
