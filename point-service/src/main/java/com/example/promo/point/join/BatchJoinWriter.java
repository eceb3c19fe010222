package com.example.promo.point.join;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.example.promo.common.issuing.BatchWriter;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.point.request.PointRequest;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database write of many join requests in one transaction (v3's consumed batches,
 * v2's concurrent requests coalesced by the issuing kit's group commit), under the rules
 * of {@link JoinWriter}: promotions locked in id order, a fixed number of queries per
 * promotion, the reward lots earned in user id order. Every outcome is recorded in
 * {@code point_request}, whose primary key (the request id) makes a redelivered or
 * repeated request a no-op: requests already recorded are skipped. The one exception is
 * {@code REJECTED PROCESSING_FAILED}, which only a dead-lettered request gets: when an
 * admin replays it, the consumer (V3) decides it again and the outcome says
 * {@link JoinWritten#reopened()}.
 */
@Component
class BatchJoinWriter implements BatchWriter<PointJoinRequested, JoinWritten> {

	private final JoinWriter writer;

	private final PointRequests requests;

	private final Clock clock;

	BatchJoinWriter(JoinWriter writer, PointRequests requests, Clock clock) {
		this.writer = writer;
		this.requests = requests;
		this.clock = clock;
	}

	/**
	 * Writes a batch of join requests.
	 * @param batch requests in arrival (partition) order, possibly repeated
	 * @param strategy what served them (V2 or V3), stored on each join
	 * @return the outcomes written now, by promotion id and then in batch order,
	 * excluding requests already recorded
	 * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent
	 * single write (v1) of the same request won (the whole batch is rolled back)
	 * @throws IllegalStateException if the conditional update refused joins the locked
	 * row showed as free (rolled back)
	 */
	@Override
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public List<JoinWritten> write(List<PointJoinRequested> batch, IssueStrategy strategy) {
		Set<String> seen = this.requests.recorded(batch.stream().map(PointJoinRequested::requestId).toList());
		// Only a request recorded already can be a replayed dead letter: a fresh batch
		// costs no second query.
		Set<String> reopened = (strategy == IssueStrategy.V3 && !seen.isEmpty()) ? this.requests.reopenFailed(seen)
				: Set.of();
		seen.removeAll(reopened);
		List<PointJoinRequested> fresh = new ArrayList<>(batch.size());
		for (PointJoinRequested request : batch) {
			if (seen.add(request.requestId())) {
				fresh.add(request);
			}
		}
		if (fresh.isEmpty()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<JoinWriter.Decision> decisions = this.writer.write(fresh, strategy, now);
		this.requests.insertAll(decisions.stream().map((d) -> outcome(d, now)).toList());
		return decisions.stream()
			.map((d) -> new JoinWritten(d.request().requestId(), d.refusal(), d.join(),
					reopened.contains(d.request().requestId())))
			.toList();
	}

	private static PointRequest outcome(JoinWriter.Decision decision, Instant now) {
		PointJoinRequested request = decision.request();
		boolean joined = decision.refusal() == null;
		return new PointRequest(request.requestId(), RequestKind.JOIN, request.resourceId(), request.userId(),
				joined ? RequestOutcome.SUCCEEDED : RequestOutcome.REJECTED, decision.refusal(),
				joined ? decision.join().joinId() : null, request.requestedAt(), now);
	}

}
