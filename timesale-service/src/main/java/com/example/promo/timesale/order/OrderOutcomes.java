package com.example.promo.timesale.order;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.OutcomeRecorder;
import com.example.promo.common.issuing.QueuedRequest;

import org.springframework.dao.DuplicateKeyException;

/**
 * Order requests' outcomes as the issuing kit needs them: decides a queued request
 * REJECTED from outside the consumer (a dead letter, an unacknowledged publish past its
 * delivery window) unless decided already — {@code order_request}'s primary key makes the
 * first decision final — and says which requests are decided, counting orders placed
 * without an outcome row (v1 and v2 write the order with the request id, and no outcome).
 */
class OrderOutcomes implements OutcomeRecorder {

	private final OrderRequests requests;

	private final OrderRepository orders;

	private final Clock clock;

	OrderOutcomes(OrderRequests requests, OrderRepository orders, Clock clock) {
		this.requests = requests;
		this.orders = orders;
		this.clock = clock;
	}

	@Override
	public boolean rejectIfUndecided(QueuedRequest request, ErrorCode reason) {
		if (!decided(List.of(request.requestId())).isEmpty()) {
			return false;
		}
		try {
			this.requests.insertAll(List.of(new OrderRequests.Decided(request.requestId(),
					Long.parseLong(request.resourceId()), request.holderId(), request.units(), reason, null,
					request.requestedAt(), this.clock.instant())));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public Set<String> decided(Collection<String> requestIds) {
		Set<String> decided = this.requests.recorded(requestIds);
		decided.addAll(this.orders.placed(requestIds));
		return decided;
	}

}
