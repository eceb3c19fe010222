package com.example.promo.common.kafka;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.example.promo.common.error.DomainException;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * Dead letters kept in the service's own {@code dead_letter} table (its Flyway migration
 * creates it), so admins can list and replay them. A record is stored once per (topic,
 * partition, offset, timestamp), however often its recovery is retried; the timestamp
 * tells a record from an older one at the same offset, since Kafka numbers offsets from 0
 * again when a topic is recreated. Replay publishes the stored value to its original
 * topic with its original key and marks the dead letter {@code REPLAYED} in the same
 * transaction: a second replay answers the first one's state and publishes nothing.
 */
public class DeadLetterStore {

	private static final String COLUMNS = "id, topic, kafka_partition, kafka_offset, record_key, payload, error, status, created_at, replayed_at";

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final KafkaTemplate<Object, Object> bytesTemplate;

	private final Clock clock;

	/**
	 * @param jdbc the service's database
	 * @param transactions transactions on it
	 * @param bytesTemplate a template whose value serializer writes {@code byte[]} as is
	 * @param clock the time source
	 */
	public DeadLetterStore(JdbcClient jdbc, TransactionTemplate transactions,
			KafkaTemplate<Object, Object> bytesTemplate, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.bytesTemplate = bytesTemplate;
		this.clock = clock;
	}

	/**
	 * Stores a dead letter, unless that record is stored already.
	 * @param topic the original topic
	 * @param partition its partition
	 * @param offset its offset
	 * @param timestamp its Kafka timestamp, milliseconds since the epoch ({@code -1} if
	 * it has none)
	 * @param key its key, or {@code null}
	 * @param payload its serialized value, or {@code null}
	 * @param error the failure, truncated to 1,000 characters
	 */
	public void save(String topic, int partition, long offset, long timestamp, String key, byte[] payload,
			String error) {
		try {
			this.jdbc.sql("""
					insert into dead_letter (topic, kafka_partition, kafka_offset, kafka_timestamp, record_key, payload,
					                         error, status, created_at)
					values (?, ?, ?, ?, ?, ?, ?, 'NEW', ?)""")
				.params(topic, partition, offset, timestamp, key, payload, truncate(error), utc(this.clock.instant()))
				.update();
		}
		catch (DuplicateKeyException ex) {
			// stored by an earlier attempt to recover the same record
		}
	}

	/**
	 * @param status only this status, or {@code null} for all
	 * @param page zero-based page
	 * @param size page size
	 * @return dead letters, newest first
	 */
	public List<DeadLetter> list(DeadLetter.Status status, int page, int size) {
		return this.jdbc
			.sql("select " + COLUMNS + " from dead_letter where (:status is null or status = :status)"
					+ " order by id desc limit :size offset :offset")
			.param("status", (status != null) ? status.name() : null)
			.param("size", size)
			.param("offset", (long) page * size)
			.query(DeadLetterStore::map)
			.list();
	}

	/**
	 * @param status only this status, or {@code null} for all
	 * @return how many dead letters there are
	 */
	public long count(DeadLetter.Status status) {
		return this.jdbc.sql("select count(*) from dead_letter where (:status is null or status = :status)")
			.param("status", (status != null) ? status.name() : null)
			.query(Long.class)
			.single();
	}

	/**
	 * Publishes a dead letter to its original topic, once.
	 * @param id the dead letter
	 * @return the dead letter after the replay (or as the first replay left it)
	 * @throws DomainException DEAD_LETTER_NOT_FOUND; REPLAY_FAILED if the broker did not
	 * acknowledge (nothing changed)
	 */
	public DeadLetter replay(long id) {
		return this.transactions.execute((tx) -> {
			DeadLetter letter = find(id, true).orElseThrow(
					() -> new DomainException(DeadLetterErrorCode.DEAD_LETTER_NOT_FOUND, "No dead letter " + id + "."));
			if (letter.status() == DeadLetter.Status.REPLAYED) {
				return letter;
			}
			byte[] payload = this.jdbc.sql("select payload from dead_letter where id = ?")
				.param(id)
				.query((rs, row) -> rs.getBytes(1))
				.single();
			publish(letter, payload);
			this.jdbc.sql("update dead_letter set status = 'REPLAYED', replayed_at = ? where id = ? and status = 'NEW'")
				.params(utc(this.clock.instant()), id)
				.update();
			return find(id, false).orElseThrow();
		});
	}

	private void publish(DeadLetter letter, byte[] payload) {
		try {
			this.bytesTemplate.send(new ProducerRecord<>(letter.topic(), letter.key(), payload))
				.get(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw replayFailed(letter, ex);
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			throw replayFailed(letter, ex);
		}
	}

	private static DomainException replayFailed(DeadLetter letter, Exception cause) {
		return new DomainException(DeadLetterErrorCode.REPLAY_FAILED,
				"Dead letter " + letter.id() + " was not republished to " + letter.topic() + ": " + cause.getMessage());
	}

	private Optional<DeadLetter> find(long id, boolean forUpdate) {
		return this.jdbc.sql("select " + COLUMNS + " from dead_letter where id = ?" + (forUpdate ? " for update" : ""))
			.param(id)
			.query(DeadLetterStore::map)
			.optional();
	}

	private static DeadLetter map(ResultSet rs, int row) throws SQLException {
		LocalDateTime replayedAt = rs.getObject("replayed_at", LocalDateTime.class);
		return DeadLetter.of(rs.getLong("id"), rs.getString("topic"), rs.getInt("kafka_partition"),
				rs.getLong("kafka_offset"), rs.getString("record_key"), rs.getBytes("payload"), rs.getString("error"),
				DeadLetter.Status.valueOf(rs.getString("status")),
				rs.getObject("created_at", LocalDateTime.class).toInstant(ZoneOffset.UTC),
				(replayedAt != null) ? replayedAt.toInstant(ZoneOffset.UTC) : null);
	}

	private static String truncate(String error) {
		return (error == null || error.length() <= 1000) ? error : error.substring(0, 1000);
	}

}
