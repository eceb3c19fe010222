package com.example.promo.common.issuing;

import java.time.Instant;

/**
 * What the kit needs to know of a service's admitted request (its Kafka event record
 * implements this): who takes how many units of which resource, under which gate
 * generation.
 */
public interface QueuedRequest {

	/**
	 * @return the request id (UUID): event id and idempotency key of the write
	 */
	String requestId();

	/**
	 * @return the resource (coupon, promotion, sale) id, as text
	 */
	String resourceId();

	/**
	 * @return the holder (the user, the JWT subject)
	 */
	String holderId();

	/**
	 * @return units taken (1 for a coupon or a join; an order's quantity)
	 */
	int units();

	/**
	 * @return the gate generation that admitted it ({@link Admission#epoch()})
	 */
	String gateEpoch();

	/**
	 * @return when the request was accepted
	 */
	Instant requestedAt();

	/**
	 * @return the period key the request was counted in at the gate ({@code ""} when the
	 * resource has no period limit)
	 */
	default String period() {
		return "";
	}

	/**
	 * @return the admission this request holds at the gate
	 */
	default Admission admission() {
		return new Admission(resourceId(), holderId(), units(), gateEpoch(), requestId(), period(), 0);
	}

}
