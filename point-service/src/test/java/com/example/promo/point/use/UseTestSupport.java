package com.example.promo.point.use;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import com.example.promo.point.ledger.Earning;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.LotSource;
import com.example.promo.point.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the use tests share: accounts funded straight through the ledger (the grants API
 * is another feature's), uses and cancels over HTTP, and waiting for queued requests.
 */
abstract class UseTestSupport extends IntegrationTestSupport {

	@Autowired
	private Ledger ledger;

	@Autowired
	private PlatformTransactionManager transactions;

	/**
	 * @param prefix a readable prefix
	 * @return a user id no earlier run has used
	 */
	static String newUser(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Earns points into a new GRANT lot.
	 * @param userId the user
	 * @param amount points
	 * @param validFor how long the lot stays valid
	 * @return the lot id
	 */
	long fund(String userId, long amount, Duration validFor) {
		return new TransactionTemplate(this.transactions)
			.execute((status) -> this.ledger.earn(new Earning(userId, amount, LotSource.GRANT,
					UUID.randomUUID().toString(), Instant.now().plus(validFor), "test", null, null)))
			.lotId();
	}

	long fund(String userId, long amount) {
		return fund(userId, amount, Duration.ofDays(30));
	}

	Response use(String userId, String orderId, long amount, String strategy) {
		return call("POST", "/api/points/use?strategy=" + strategy, userId,
				"{\"orderId\":\"%s\",\"amount\":%d}".formatted(orderId, amount));
	}

	Response cancel(String userId, String orderId) {
		return callWithToken("POST", "/api/points/uses/" + orderId + "/cancel", token("timesale-service", "SERVICE"),
				"{\"userId\":\"%s\"}".formatted(userId));
	}

	/**
	 * Waits until a queued request has its outcome.
	 * @param requestId the request
	 * @return DONE or REJECTED
	 */
	String awaitDecided(String requestId) {
		await().atMost(Duration.ofSeconds(60)).until(() -> !requestStatus(requestId).equals("PENDING"));
		return requestStatus(requestId);
	}

	long spendable(String userId) {
		return this.ledger.spendable(userId);
	}

	int count(String sql, Object... args) {
		return this.jdbc.queryForObject(sql, Integer.class, args);
	}

	/**
	 * @param userId a user
	 * @return rows of the user in every table a use or cancel writes
	 */
	int rowsOf(String userId) {
		return count("""
				select (select count(*) from point_use where user_id = ?)
				     + (select count(*) from point_request where user_id = ?)
				     + (select count(*) from point_ledger_entry where user_id = ?)
				     + (select count(*) from point_use_tombstone where user_id = ?)
				     + (select count(*) from point_lot where user_id = ?)""", userId, userId, userId, userId, userId);
	}

	static void assertStatus(Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}
