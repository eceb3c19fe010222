package com.example.promo.coupon.issue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.example.promo.common.kafka.TransientFailures;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The consuming side of v3: writes queued requests to the database in batches, one
 * transaction per batch ({@link BatchIssueWriter#write}), then releases the Redis
 * admissions of the requests the database refused.
 * <p>
 * A batch fails per record, not per poll: if its transaction fails for a reason that does
 * not go away by itself, its records are written one by one, and the first that still
 * fails is named to the shared error handler ({@link BatchListenerFailedException}): the
 * records before it stay written, it is retried a few times and then dead-lettered to
 * {@value CouponIssueRequested#DEAD_LETTER_TOPIC} ({@link IssueDeadLetters} rejects it
 * and releases its admission), and the ones after it are consumed again. A transient
 * failure (the database restarting) fails the batch at its first record, which the error
 * handler retries long enough to ride out a short outage. A record that cannot be
 * deserialized is dead-lettered alone.
 */
@Component
class IssueQueueListener {

	private final BatchIssueWriter writer;

	private final IssueGate gate;

	private final IssueMetrics metrics;

	IssueQueueListener(BatchIssueWriter writer, IssueGate gate, IssueMetrics metrics) {
		this.writer = writer;
		this.gate = gate;
		this.metrics = metrics;
	}

	@KafkaListener(id = "coupon-issue-writer", topics = CouponIssueRequested.TOPIC, batch = "true")
	void onRequests(List<ConsumerRecord<String, CouponIssueRequested>> records) {
		for (int i = 0; i < records.size(); i++) {
			if (records.get(i).value() == null) {
				write(records.subList(0, i));
				throw new BatchListenerFailedException("undeserializable issue request", records.get(i));
			}
		}
		write(records);
	}

	private void write(List<ConsumerRecord<String, CouponIssueRequested>> records) {
		if (records.isEmpty()) {
			return;
		}
		try {
			writeAndRelease(records.stream().map(ConsumerRecord::value).toList());
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex)) {
				throw new BatchListenerFailedException("transient failure writing issue requests", ex, records.get(0));
			}
			for (ConsumerRecord<String, CouponIssueRequested> record : records) {
				try {
					writeAndRelease(List.of(record.value()));
				}
				catch (RuntimeException single) {
					throw new BatchListenerFailedException(
							"issue request " + record.value().requestId() + " failed: " + single.getMessage(), single,
							record);
				}
			}
		}
	}

	private void writeAndRelease(List<CouponIssueRequested> batch) {
		Map<String, String> epochs = batch.stream()
			.collect(Collectors.toMap(CouponIssueRequested::requestId, CouponIssueRequested::gateEpoch, (a, b) -> a));
		for (BatchIssueWriter.Written written : this.writer.write(batch, IssueStrategy.V3)) {
			IssueRequest outcome = written.outcome();
			if (written.reopened()) {
				// A replayed dead letter: its admission was given back when it was
				// dead-lettered,
				// so the gate is recounted from the database instead.
				this.gate.invalidateQuietly(outcome.getCouponId());
			}
			else if (outcome.getStatus() == IssueRequest.Status.REJECTED) {
				this.gate.release(new IssueGate.Admission(outcome.getCouponId(), outcome.getUserId(),
						epochs.get(outcome.getRequestId())), outcome.getReason());
			}
			if (outcome.getStatus() == IssueRequest.Status.REJECTED) {
				this.metrics.refused(IssueStrategy.V3, outcome.getReason());
			}
			else {
				this.metrics.issued(IssueStrategy.V3);
			}
		}
	}

}
