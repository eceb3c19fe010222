package com.example.promo.point.balance;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;
import tools.jackson.databind.JsonNode;

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
 * {@code GET /api/points/me}, {@code /me/history} and {@code /me/lots}: their shapes and
 * orders, expired lots never counted, and the balance cache (read through, evicted after
 * every committed change, never outliving the next expiry).
 */
class BalanceApiTests extends IntegrationTestSupport {

	@Autowired
	private Ledger ledger;

	@Autowired
	private PlatformTransactionManager transactionManager;

	private static String user(String prefix) {
		return prefix + "-" + UUID.randomUUID();
	}

	private JsonNode balance(String userId) {
		Response response = call("GET", "/api/points/me", userId, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private void spend(String userId, long amount, String orderId) {
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.ledger.spend(userId, amount, orderId, false));
	}

	private String cached(String userId) {
		return this.redisson.<String>getBucket(BalanceCache.key(userId), StringCodec.INSTANCE).get();
	}

	@Test
	void anUnknownUserHasNothingAndNo404() {
		String user = user("nobody");

		JsonNode balance = balance(user);

		assertThat(balance.get("userId").asString()).isEqualTo(user);
		assertThat(balance.get("balance").asLong()).isZero();
		assertThat(balance.get("expiringWithin30Days").asLong()).isZero();
		assertThat(balance.get("nextExpiresAt").isNull()).isTrue();
		assertThat(
				this.jdbc.queryForObject("select count(*) from point_account where user_id = ?", Integer.class, user))
			.as("a read writes nothing")
			.isZero();
	}

	@Test
	void theBalanceCountsUnexpiredLotsAndWhatExpiresWithin30Days() {
		String user = user("balance");
		long soon = grant(user, 100, 10);
		grant(user, 200, 31);
		long expired = grant(user, 50, 5);
		grant(user, 25, 60);
		spend(user, 30, "order-" + UUID.randomUUID());
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?",
				expired);
		this.redisson.getBucket(BalanceCache.key(user)).delete();
		Instant soonExpiry = this.jdbc
			.queryForObject("select expires_at from point_lot where id = ?", LocalDateTime.class, soon)
			.toInstant(ZoneOffset.UTC);

		JsonNode balance = balance(user);

		// The use took 30 from the lot expiring first: the one now expired (it was not
		// yet).
		assertThat(balance.get("balance").asLong()).isEqualTo(100 + 200 + 25);
		assertThat(balance.get("expiringWithin30Days").asLong()).isEqualTo(100);
		assertThat(Instant.parse(balance.get("nextExpiresAt").asString())).isEqualTo(soonExpiry);
		assertThat(balance(user)).as("the cached answer").isEqualTo(balance);
	}

	@Test
	void aCachedBalanceIsEvictedAfterEveryCommittedChange() {
		String user = user("cache");
		grant(user, 100, 30);
		assertThat(balance(user).get("balance").asLong()).isEqualTo(100);
		assertThat(cached(user)).startsWith("v1:100:");
		assertThat(this.redisson.getBucket(BalanceCache.key(user)).remainTimeToLive()).isBetween(1L, 60_000L);

		// Reads come from the cache while it holds the user's balance...
		this.redisson.<String>getBucket(BalanceCache.key(user), StringCodec.INSTANCE).set("v1:999:0:-");
		assertThat(balance(user).get("balance").asLong()).isEqualTo(999);

		// ...until a change commits: a grant, a use.
		grant(user, 50, 30);
		assertThat(balance(user).get("balance").asLong()).isEqualTo(150);
		spend(user, 20, "order-" + UUID.randomUUID());
		assertThat(balance(user).get("balance").asLong()).isEqualTo(130);

		// With Redis emptied, the database answers and the cache fills again.
		this.redisson.getKeys().delete(BalanceCache.key(user));
		assertThat(balance(user).get("balance").asLong()).isEqualTo(130);
		assertThat(cached(user)).startsWith("v1:130:");
	}

	@Test
	void aRolledBackChangeKeepsTheCacheAndACommittedOneEvictsIt() {
		String user = user("rollback");
		grant(user, 100, 30);
		assertThat(balance(user).get("balance").asLong()).isEqualTo(100);
		String before = cached(user);

		try {
			new TransactionTemplate(this.transactionManager).executeWithoutResult((status) -> {
				this.ledger.spend(user, 10, "order-" + UUID.randomUUID(), false);
				// Inside the transaction, the change is not evicted yet.
				assertThat(cached(user)).isEqualTo(before);
				throw new IllegalStateException("roll back");
			});
		}
		catch (IllegalStateException expected) {
			// rolled back
		}

		assertThat(cached(user)).isEqualTo(before);
		assertThat(balance(user).get("balance").asLong()).isEqualTo(100);
	}

	@Test
	void aCachedBalanceNeverOutlivesTheNextExpiry() {
		String user = user("short");
		grant(user, 100, 30);
		Instant expiresAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MICROS);
		new TransactionTemplate(this.transactionManager)
			.executeWithoutResult((status) -> this.ledger.earn(new Earning(user, 40, LotSource.GRANT,
					"short-" + UUID.randomUUID(), expiresAt, "short-lived", null, null)));

		JsonNode balance = balance(user);
		assertThat(balance.get("balance").asLong()).isEqualTo(140);
		assertThat(balance.get("expiringWithin30Days").asLong()).isEqualTo(140);
		assertThat(Instant.parse(balance.get("nextExpiresAt").asString())).isEqualTo(expiresAt);
		assertThat(this.redisson.getBucket(BalanceCache.key(user)).remainTimeToLive()).isBetween(1L, 3_000L);

		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> balance(user).get("balance").asLong() == 100);
		assertThat(balance(user).get("nextExpiresAt").isNull()).isFalse();
	}

	@Test
	void lotsAreTheUnexpiredOnesWithPointsLeftEarliestExpiryFirst() {
		String user = user("lots");
		long thirty = grant(user, 300, 30);
		long ten = grant(user, 100, 10);
		long twenty = grant(user, 200, 20);
		long spent = grant(user, 5, 1);
		long expired = grant(user, 7, 40);
		spend(user, 5 + 30, "order-" + UUID.randomUUID());
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?",
				expired);

		Response response = call("GET", "/api/points/me/lots", user, null);

		assertThat(response.status()).as(response.body()).isEqualTo(200);
		JsonNode content = response.json().get("content");
		assertThat(content.findValues("lotId").stream().map(JsonNode::asLong).toList()).containsExactly(ten, twenty,
				thirty);
		assertThat(spent).isNotIn(ten, twenty, thirty);
		JsonNode first = content.get(0);
		assertThat(first.get("amount").asLong()).isEqualTo(100);
		assertThat(first.get("remaining").asLong()).isEqualTo(70);
		assertThat(first.get("source").asString()).isEqualTo("GRANT");
		assertThat(Instant.parse(first.get("expiresAt").asString()))
			.isAfter(Instant.parse(first.get("earnedAt").asString()));
		assertThat(response.json().get("totalElements").asLong()).isEqualTo(3);

		JsonNode second = call("GET", "/api/points/me/lots?page=1&size=2", user, null).json();
		assertThat(second.get("content").findValues("lotId").stream().map(JsonNode::asLong).toList())
			.containsExactly(thirty);
		assertThat(call("GET", "/api/points/me/lots", user("other"), null).json().get("content").isEmpty()).isTrue();
	}

	@Test
	void historyIsTheCallersEntriesNewestFirstOptionallyOfOneType() {
		String user = user("history");
		String orderId = "order-" + UUID.randomUUID();
		grant(user, 100, 10);
		grant(user, 200, 10);
		spend(user, 150, orderId);
		grant(user("stranger"), 1, 10);

		Response all = call("GET", "/api/points/me/history", user, null);

		assertThat(all.status()).as(all.body()).isEqualTo(200);
		JsonNode content = all.json().get("content");
		assertThat(content.findValuesAsString("type")).containsExactly("USE", "EARN", "EARN");
		assertThat(content.findValues("amount").stream().map(JsonNode::asLong).toList()).containsExactly(-150L, 200L,
				100L);
		assertThat(content.findValues("balanceAfter").stream().map(JsonNode::asLong).toList()).containsExactly(150L,
				300L, 100L);
		List<Long> ids = content.findValues("entryId").stream().map(JsonNode::asLong).toList();
		assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		JsonNode use = content.get(0);
		assertThat(use.get("orderId").asString()).isEqualTo(orderId);
		assertThat(use.get("promotionId").isNull()).isTrue();
		assertThat(use.get("reason").isNull()).isTrue();
		assertThat(use.has("createdAt")).isTrue();
		assertThat(content.get(1).get("reason").asString()).isEqualTo("test");
		assertThat(all.json().get("totalElements").asLong()).isEqualTo(3);

		JsonNode earns = call("GET", "/api/points/me/history?type=EARN&page=0&size=1", user, null).json();
		assertThat(earns.get("content").findValuesAsString("type")).containsExactly("EARN");
		assertThat(earns.get("content").get(0).get("amount").asLong()).isEqualTo(200);
		assertThat(earns.get("totalElements").asLong()).isEqualTo(2);
		assertThat(earns.get("totalPages").asInt()).isEqualTo(2);
		assertThat(call("GET", "/api/points/me/history?type=EXPIRE", user, null).json().get("content").isEmpty())
			.isTrue();
	}

	@Test
	void historyRejectsBadParametersNamingThem() {
		String user = user("bad");
		assertValidationFailed(call("GET", "/api/points/me/history?type=BOGUS", user, null), "type");
		assertValidationFailed(call("GET", "/api/points/me/history?type=earn", user, null), "type");
		assertValidationFailed(call("GET", "/api/points/me/history?size=101", user, null), "size");
		assertValidationFailed(call("GET", "/api/points/me/history?size=0", user, null), "size");
		assertValidationFailed(call("GET", "/api/points/me/history?page=-1", user, null), "page");
		assertValidationFailed(call("GET", "/api/points/me/history?page=x", user, null), "page");
		assertValidationFailed(call("GET", "/api/points/me/lots?size=101", user, null), "size");
		assertThat(call("GET", "/api/points/me/history", null, null).status()).isEqualTo(401);
		assertThat(call("GET", "/api/points/me", null, null).status()).isEqualTo(401);
	}

}
