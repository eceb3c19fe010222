package com.example.promo.common.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * A dead-lettered record as the admin API shows it ({@code GET …/admin/dead-letters}).
 *
 * @param id the dead letter's id (replay it with {@code POST …/{id}/replay})
 * @param topic the topic the record was consumed from (not the {@code .DLT})
 * @param partition its partition
 * @param offset its offset
 * @param key its key, or {@code null}
 * @param payload its value as UTF-8 text (JSON for a readable record, the raw bytes for
 * one that could not be deserialized)
 * @param error the failure after the retries: exception class and message
 * @param status {@code NEW} or {@code REPLAYED}
 * @param createdAt when it was dead-lettered
 * @param replayedAt when an admin replayed it, or {@code null}
 */
public record DeadLetter(long id, String topic, int partition, long offset, String key, String payload, String error,
		Status status, Instant createdAt, Instant replayedAt) {

	static DeadLetter of(long id, String topic, int partition, long offset, String key, byte[] payload, String error,
			Status status, Instant createdAt, Instant replayedAt) {
		return new DeadLetter(id, topic, partition, offset, key,
				(payload != null) ? new String(payload, StandardCharsets.UTF_8) : null, error, status, createdAt,
				replayedAt);
	}

	/** Whether an admin has sent the record back to its topic. */
	public enum Status {

		/** Dead-lettered, not replayed. */
		NEW,

		/** Published again to its topic, once. */
		REPLAYED

	}

}
