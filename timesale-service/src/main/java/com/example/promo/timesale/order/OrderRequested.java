package com.example.promo.timesale.order;

import java.time.Instant;

import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.QueuedRequest;

/**
 * Kafka event on {@value #TOPIC} (key: sale id, so one sale's requests stay in queue
 * order on one partition): a buyer was admitted by the sale's gate and waits in its
 * waiting room for the database write (DESIGN.md §4.5). Also what v2's group commit
 * writes (with {@code sequence} 0).
 *
 * @param requestId event id and idempotency key of the write (UUID)
 * @param saleId the sale
 * @param userId the buyer (JWT subject)
 * @param quantity units ordered, ≥ 1
 * @param sequence the request's place in the sale's waiting room (1, 2, …, no ties), 0
 * when it did not join it (v2, or a request published by hand)
 * @param gateEpoch the gate generation that admitted it, for releasing the admission if
 * the database refuses
 * @param requestedAt when the request was accepted
 */
public record OrderRequested(String requestId, long saleId, String userId, int quantity, long sequence,
		String gateEpoch, Instant requestedAt) implements QueuedRequest {

	/** The topic. */
	public static final String TOPIC = "timesale.order.requested";

	@Override
	public String resourceId() {
		return Long.toString(this.saleId);
	}

	@Override
	public String holderId() {
		return this.userId;
	}

	@Override
	public int units() {
		return this.quantity;
	}

	@Override
	public Admission admission() {
		return new Admission(resourceId(), this.userId, this.quantity, this.gateEpoch, this.requestId, "",
				this.sequence);
	}

}
