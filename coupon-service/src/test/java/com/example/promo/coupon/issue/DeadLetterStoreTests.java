package com.example.promo.coupon.issue;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.example.promo.common.kafka.DeadLetterStore;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dead-letter table's record identity, on the real schema: a retried recovery of one
 * record is stored once, and a new record at an offset an older one had (its topic
 * recreated, so Kafka numbers offsets from 0 again) is stored too, not taken for a retry.
 */
class DeadLetterStoreTests extends IntegrationTestSupport {

	private final String topic = "test.dead-letter-identity." + UUID.randomUUID();

	@Autowired
	private DeadLetterStore store;

	@AfterEach
	void dropRows() {
		this.jdbc.update("delete from dead_letter where topic = ?", this.topic);
	}

	@Test
	void aRetriedRecoveryIsStoredOnceAndANewRecordAtAReusedOffsetIsStoredToo() {
		this.store.save(this.topic, 1, 7, 1_700_000_000_000L, "42", bytes("first"), "poisoned");
		this.store.save(this.topic, 1, 7, 1_700_000_000_000L, "42", bytes("first"), "poisoned again");
		this.store.save(this.topic, 1, 7, 1_800_000_000_000L, "42", bytes("second"), "poisoned");

		assertThat(this.jdbc.queryForList(
				"select concat(convert(payload using utf8mb4), ' ', error) from dead_letter where topic = ? order by id",
				String.class, this.topic))
			.containsExactly("first poisoned", "second poisoned");
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
