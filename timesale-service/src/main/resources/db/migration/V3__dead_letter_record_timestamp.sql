-- dead_letter's record key gains the record's timestamp (Kafka's, ms since the epoch).
-- Kafka numbers a partition's offsets from 0 again when its topic is recreated or the
-- cluster rebuilt, so (topic, partition, offset) alone named a new record like an old
-- one: the new dead letter was taken for a retried recovery of the old and dropped.
-- Rows stored before this migration keep timestamp 0.
ALTER TABLE dead_letter
    ADD COLUMN kafka_timestamp BIGINT NOT NULL DEFAULT 0 AFTER kafka_offset,
    DROP INDEX uk_dead_letter_record,
    ADD CONSTRAINT uk_dead_letter_record UNIQUE (topic, kafka_partition, kafka_offset, kafka_timestamp);

ALTER TABLE dead_letter ALTER COLUMN kafka_timestamp DROP DEFAULT;
