package com.example.promo.common.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A service's last word on a record that is about to be dead-lettered, e.g. recording its
 * request as {@code REJECTED PROCESSING_FAILED} and giving back what admitting it took.
 * Called before the record is published to {@code <topic>.DLT}; called again if that
 * recovery is retried, so it must be idempotent. If it throws, the record is not
 * dead-lettered yet: it is retried (with the back-off of its failure) and recovered again
 * later, so a handler throws only for failures that go away (the database down).
 */
@FunctionalInterface
public interface DeadLetterHandler {

	/**
	 * @param record the failed record; its value is {@code null} or raw bytes when it
	 * could not be deserialized
	 * @param failure why it failed, after the retries
	 */
	void onDeadLetter(ConsumerRecord<?, ?> record, Exception failure);

}
