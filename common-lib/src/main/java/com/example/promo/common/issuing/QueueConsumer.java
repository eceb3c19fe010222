package com.example.promo.common.issuing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import com.example.promo.common.kafka.TransientFailures;

import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * The consuming side of v3: writes queued requests to the database in batches, one
 * transaction per batch (the service's {@link BatchWriter}), then releases the admissions
 * of the requests the database refused and ends the in-flight marks of the written ones.
 * <p>
 * A batch fails per record, not per poll: if its transaction fails for a reason that does
 * not go away by itself, its records are written one by one, and the first that still
 * fails is named to the shared error handler ({@link BatchListenerFailedException}): the
 * records before it stay written, it is retried a few times and then dead-lettered
 * ({@link Issuing#onDeadLetter} rejects it and releases its admission), and the ones
 * after it are consumed again. A transient failure (the database restarting) fails the
 * batch at its first record, which the error handler retries long enough to ride out a
 * short outage. A record that cannot be deserialized is dead-lettered alone.
 *
 * @param <R> the request type
 * @param <W> the outcome type
 */
class QueueConsumer<R extends QueuedRequest, W extends WriteOutcome> implements BatchMessageListener<String, R> {

	private final String name;

	private final BatchWriter<R, W> writer;

	private final Issuing<R, W> issuing;

	QueueConsumer(String name, BatchWriter<R, W> writer, Issuing<R, W> issuing) {
		this.name = name;
		this.writer = writer;
		this.issuing = issuing;
	}

	@Override
	public void onMessage(List<ConsumerRecord<String, R>> records) {
		for (int i = 0; i < records.size(); i++) {
			if (records.get(i).value() == null) {
				write(records.subList(0, i));
				throw new BatchListenerFailedException("undeserializable " + this.name + " request", records.get(i));
			}
		}
		write(records);
	}

	private void write(List<ConsumerRecord<String, R>> records) {
		if (records.isEmpty()) {
			return;
		}
		try {
			writeAndSettle(records.stream().map(ConsumerRecord::value).toList());
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex)) {
				throw new BatchListenerFailedException("transient failure writing " + this.name + " requests", ex,
						records.get(0));
			}
			for (ConsumerRecord<String, R> record : records) {
				try {
					writeAndSettle(List.of(record.value()));
				}
				catch (RuntimeException single) {
					throw new BatchListenerFailedException(
							this.name + " request " + record.value().requestId() + " failed: " + single.getMessage(),
							single, record);
				}
			}
		}
	}

	private void writeAndSettle(List<R> batch) {
		Map<String, R> byId = new HashMap<>();
		batch.forEach((request) -> byId.putIfAbsent(request.requestId(), request));
		List<W> written = this.writer.write(batch, IssueStrategy.V3);
		for (W outcome : written) {
			R request = byId.get(outcome.requestId());
			if (outcome.reopened()) {
				// A replayed dead letter: its admission was given back when it was
				// dead-lettered, so the gate is recounted from the database instead.
				this.issuing.gate().invalidateQuietly(request.resourceId());
			}
			else if (outcome.refusal() != null) {
				this.issuing.releaseRefused(request.admission(), outcome.refusal());
			}
			if (outcome.refusal() != null) {
				this.issuing.metrics().refused(IssueStrategy.V3, outcome.refusal());
			}
			else {
				this.issuing.metrics().issued(IssueStrategy.V3);
			}
		}
		this.issuing.settleWritten(batch, written);
	}

}
