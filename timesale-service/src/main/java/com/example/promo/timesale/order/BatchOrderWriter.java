package com.example.promo.timesale.order;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.example.promo.common.issuing.BatchWriter;
import com.example.promo.common.issuing.IssueStrategy;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database write of many order requests in one transaction (v3's consumed batches,
 * v2's concurrent requests coalesced by the issuing kit's group commit), under the rules
 * of {@link OrderWriter}: queue order, one order per request id. Requests already
 * recorded — an order with their request id, or an {@code order_request} decision — are
 * skipped, so a redelivered or repeated request is a no-op. v3 also records each decision
 * in {@code order_request} (HELD with the order, or REJECTED with the reason); the one
 * decision reopened is {@code REJECTED PROCESSING_FAILED}, which only a dead-lettered
 * request gets: when an admin replays it, the consumer decides it again and the outcome
 * says {@link OrderWritten#reopened()}.
 */
@Component
class BatchOrderWriter implements BatchWriter<OrderRequested, OrderWritten> {

	private final OrderWriter writer;

	private final OrderRequests requests;

	private final OrderRepository orders;

	private final Clock clock;

	BatchOrderWriter(OrderWriter writer, OrderRequests requests, OrderRepository orders, Clock clock) {
		this.writer = writer;
		this.requests = requests;
		this.orders = orders;
		this.clock = clock;
	}

	/**
	 * Writes a batch of order requests.
	 * @param batch requests in arrival (partition) order, possibly repeated
	 * @param strategy what served them (V2 or V3), stored on each order
	 * @return the outcomes written now, in queue order, excluding requests already
	 * recorded
	 * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent
	 * single write (v1) of the same request won (the whole batch is rolled back)
	 */
	@Override
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public List<OrderWritten> write(List<OrderRequested> batch, IssueStrategy strategy) {
		List<String> ids = batch.stream().map(OrderRequested::requestId).toList();
		Set<String> recorded = this.requests.recorded(ids);
		// Only a request recorded already can be a replayed dead letter: a fresh batch
		// costs no second query.
		Set<String> reopened = (strategy == IssueStrategy.V3 && !recorded.isEmpty())
				? this.requests.reopenFailed(recorded) : Set.of();
		Set<String> seen = new HashSet<>(recorded);
		seen.removeAll(reopened);
		seen.addAll(this.orders.placed(ids));
		List<OrderRequested> fresh = new ArrayList<>(batch.size());
		for (OrderRequested request : batch) {
			if (seen.add(request.requestId())) {
				fresh.add(request);
			}
		}
		if (fresh.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<OrderWriter.Decision> decisions = this.writer.write(fresh, strategy, now);
		if (strategy == IssueStrategy.V3) {
			this.requests.insertAll(decisions.stream()
				.map((d) -> new OrderRequests.Decided(d.request().requestId(), d.request().saleId(),
						d.request().userId(), d.request().quantity(), d.refusal(),
						(d.order() != null) ? d.order().orderId() : null, d.request().requestedAt(), now))
				.toList());
		}
		return decisions.stream()
			.map((d) -> new OrderWritten(d.request().requestId(), d.refusal(), d.order(),
					reopened.contains(d.request().requestId())))
			.toList();
	}

}
