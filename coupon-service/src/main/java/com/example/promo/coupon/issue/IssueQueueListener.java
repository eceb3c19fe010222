package com.example.promo.coupon.issue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.stereotype.Component;

/**
 * The consuming side of v3: writes queued requests to the database in batches, one
 * transaction per batch ({@link BatchIssueWriter#write}), then releases the Redis
 * admissions of the requests the database refused. A failed batch is retried with
 * back-off and then dead-lettered to {@value CouponIssueRequested#DEAD_LETTER_TOPIC} by
 * the shared error handler; a record that cannot be deserialized is dead-lettered alone.
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
		List<CouponIssueRequested> batch = new ArrayList<>(records.size());
		for (ConsumerRecord<String, CouponIssueRequested> record : records) {
			if (record.value() == null) {
				write(batch);
				throw new BatchListenerFailedException("undeserializable issue request", record);
			}
			batch.add(record.value());
		}
		write(batch);
	}

	private void write(List<CouponIssueRequested> batch) {
		if (batch.isEmpty()) {
			return;
		}
		Map<String, String> epochs = batch.stream()
			.collect(Collectors.toMap(CouponIssueRequested::requestId, CouponIssueRequested::gateEpoch, (a, b) -> a));
		for (BatchIssueWriter.Written written : this.writer.write(batch, IssueStrategy.V3)) {
			IssueRequest outcome = written.outcome();
			if (outcome.getStatus() == IssueRequest.Status.REJECTED) {
				this.gate.release(new IssueGate.Admission(outcome.getCouponId(), outcome.getUserId(),
						epochs.get(outcome.getRequestId())), outcome.getReason());
				this.metrics.refused(IssueStrategy.V3, outcome.getReason());
			}
			else {
				this.metrics.issued(IssueStrategy.V3);
			}
		}
	}

}
