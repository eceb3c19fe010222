package com.example.promo.point.support;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

import com.example.promo.common.test.HttpTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test: the whole service on a random port against the real
 * local MariaDB ({@code point_db_test}) and Redis (database 4) that
 * {@code scripts/stack.sh} starts, and a real in-process Kafka broker; the {@code local}
 * profile (its passwords and development JWT secret) under the {@code test} one. All
 * subclasses share one Spring context. HTTP calls with locally signed JWTs come from
 * {@link HttpTestSupport}; direct SQL asserts database state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "local", "test" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTestSupport extends HttpTestSupport {

	private static volatile boolean redisFlushed;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedissonClient redisson;

	@BeforeAll
	static void resetGateOnce(@Autowired RedissonClient redisson) {
		// Gate keys of an earlier run would describe accounts and promotions that no
		// longer match the database.
		if (!redisFlushed) {
			redisson.getKeys().flushdb();
			redisFlushed = true;
		}
	}

	/**
	 * Grants points to a user through the admin API ({@code POST /api/points/grants}).
	 * @param userId the user
	 * @param amount points
	 * @param validDays days the lot stays valid
	 * @return the new lot's id
	 */
	protected long grant(String userId, long amount, int validDays) {
		Response granted = call("POST", "/api/points/grants", "admin", """
				{"userId":"%s","amount":%d,"reason":"test","sourceId":"%s","validDays":%d}
				""".formatted(userId, amount, UUID.randomUUID(), validDays));
		assertThat(granted.status()).as(granted.body()).isEqualTo(201);
		return granted.json().get("lotId").asLong();
	}

	/**
	 * Asserts the ledger invariants of one account (DESIGN.md §4.2): balance = Σ ledger =
	 * Σ lot remaining ≥ 0, and 0 ≤ remaining ≤ amount for each lot.
	 * @param userId the user
	 * @return the account's balance (Σ ledger)
	 */
	protected long assertLedgerExact(String userId) {
		long ledger = this.jdbc.queryForObject(
				"select coalesce(sum(amount), 0) from point_ledger_entry where user_id = ?", Long.class, userId);
		long lots = this.jdbc.queryForObject("select coalesce(sum(remaining), 0) from point_lot where user_id = ?",
				Long.class, userId);
		List<Long> balance = this.jdbc.queryForList("select balance from point_account where user_id = ?", Long.class,
				userId);
		int badLots = this.jdbc.queryForObject(
				"select count(*) from point_lot where user_id = ? and (remaining < 0 or remaining > amount)",
				Integer.class, userId);
		assertThat(lots).as("Σ lot remaining of " + userId).isEqualTo(ledger);
		assertThat(balance.isEmpty() ? 0L : balance.get(0)).as("balance of " + userId).isEqualTo(ledger);
		assertThat(ledger).as("Σ ledger of " + userId).isGreaterThanOrEqualTo(0);
		assertThat(badLots).as("lots out of bounds").isZero();
		return ledger;
	}

	/**
	 * @param requestId a batched (v2, v3) use or join request
	 * @return its {@code point_request} status ({@code DONE}, {@code REJECTED}), or
	 * {@code PENDING} while it has none
	 */
	protected String requestStatus(String requestId) {
		List<String> status = this.jdbc.queryForList("select status from point_request where request_id = ?",
				String.class, requestId);
		return status.isEmpty() ? "PENDING" : status.get(0);
	}

}
