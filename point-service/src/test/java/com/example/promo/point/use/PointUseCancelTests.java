package com.example.promo.point.use;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PointUseCancelTests extends UseTestSupport {

	@Autowired
	private KafkaTemplate<String, Object> kafka;

	@Test
	void givesBackExactlyWhatEachLotGave() {
		String user = newUser("cancel");
		long sooner = fund(user, 100, Duration.ofDays(10));
		long later = fund(user, 100, Duration.ofDays(20));
		Response used = use(user, "order-1", 150, "v2");
		assertStatus(used, 201);
		assertThat(remaining(sooner)).isZero();
		assertThat(remaining(later)).isEqualTo(50);

		Response cancelled = cancel(user, "order-1");

		assertStatus(cancelled, 200);
		assertThat(cancelled.json().get("orderId").asString()).isEqualTo("order-1");
		assertThat(cancelled.json().get("restored").asLong()).isEqualTo(150);
		assertThat(cancelled.json().get("balanceAfter").asLong()).isEqualTo(200);
		assertThat(remaining(sooner)).isEqualTo(100);
		assertThat(remaining(later)).isEqualTo(100);
		Map<String, Object> row = this.jdbc.queryForMap(
				"select status, restored, cancelled_by, cancelled_at from point_use where user_id = ? and order_id = ?",
				user, "order-1");
		assertThat(row.get("status")).isEqualTo("CANCELLED");
		assertThat(((Number) row.get("restored")).longValue()).isEqualTo(150);
		assertThat(row.get("cancelled_by")).isEqualTo("timesale-service");
		assertThat(row.get("cancelled_at")).isNotNull();
		assertThat(count("select count(*) from point_ledger_entry where user_id = ? and type = 'CANCEL_USE'"
				+ " and amount = 150 and order_id = 'order-1'", user))
			.isEqualTo(1);
		assertThat(count("select count(*) from point_lot where user_id = ?", user)).isEqualTo(2);
		assertThat(assertLedgerExact(user)).isEqualTo(200);
		// The gate sees the points given back.
		assertStatus(use(user, "order-2", 200, "v2"), 201);
		assertThat(assertLedgerExact(user)).isZero();
	}

	@Test
	void putsWhatBelongedToAnExpiredLotIntoANewRestoredLot() {
		String user = newUser("cancel-expired");
		long expiring = fund(user, 100, Duration.ofDays(10));
		long lasting = fund(user, 100, Duration.ofDays(20));
		Response used = use(user, "order-e", 130, "v1");
		assertStatus(used, 201);
		long useId = used.json().get("useId").asLong();
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?",
				expiring);

		Response cancelled = cancel(user, "order-e");

		assertStatus(cancelled, 200);
		assertThat(cancelled.json().get("restored").asLong()).isEqualTo(130);
		// 70 left in the lasting lot + 30 given back to it + 100 in the new lot.
		assertThat(cancelled.json().get("balanceAfter").asLong()).isEqualTo(200);
		assertThat(remaining(expiring)).isZero();
		assertThat(remaining(lasting)).isEqualTo(100);
		Map<String, Object> restored = this.jdbc.queryForMap(
				"select id, amount, remaining, expires_at from point_lot where user_id = ? and source = 'RESTORED'"
						+ " and source_ref = ?",
				user, Long.toString(useId));
		assertThat(((Number) restored.get("amount")).longValue()).isEqualTo(100);
		assertThat(((Number) restored.get("remaining")).longValue()).isEqualTo(100);
		Instant expiresAt = ((Timestamp) restored.get("expires_at")).toLocalDateTime().toInstant(ZoneOffset.UTC);
		assertThat(expiresAt).isCloseTo(Instant.now().plus(Duration.ofDays(30)), within(Duration.ofMinutes(5)));
		assertThat(count("select count(*) from point_ledger_entry where user_id = ? and type = 'CANCEL_USE'", user))
			.isEqualTo(1);
		assertLedgerExact(user);
	}

	@Test
	void aSecondCancelAnswersTheSameAndWritesNothing() {
		String user = newUser("cancel-twice");
		fund(user, 100);
		assertStatus(use(user, "order-t", 60, "v1"), 201);
		Response first = cancel(user, "order-t");
		int rows = rowsOf(user);

		Response second = cancel(user, "order-t");
		Response byAdmin = call("POST", "/api/points/uses/order-t/cancel", "admin", "{\"userId\":\"" + user + "\"}");

		assertStatus(first, 200);
		assertStatus(second, 200);
		assertThat(second.body()).isEqualTo(first.body());
		assertStatus(byAdmin, 200);
		assertThat(byAdmin.body()).isEqualTo(first.body());
		assertThat(rowsOf(user)).isEqualTo(rows);
		assertThat(assertLedgerExact(user)).isEqualTo(100);
		// A cancelled use is still the order's use: a replay answers it, nothing is
		// spent.
		Response replay = use(user, "order-t", 60, "v2");
		assertStatus(replay, 201);
		assertThat(assertLedgerExact(user)).isEqualTo(100);
	}

	@Test
	void anUnknownUseIsNotFoundAndRefusesALaterUseOfItsOrder() {
		String user = newUser("tombstone");
		fund(user, 100);

		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			String order = "late-" + strategy;
			Response cancelled = cancel(user, order);
			assertStatus(cancelled, 404);
			assertThat(cancelled.code()).isEqualTo("USE_NOT_FOUND");
			assertStatus(cancel(user, order), 404);

			Response late = use(user, order, 10, strategy);

			assertStatus(late, 409);
			assertThat(late.code()).isEqualTo("USE_CANCELLED");
		}
		assertThat(count("select count(*) from point_use_tombstone where user_id = ?", user)).isEqualTo(3);
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isZero();
		assertThat(assertLedgerExact(user)).isEqualTo(100);
	}

	@Test
	void aUseAlreadyQueuedWhenItsOrderIsCancelledIsRejected() throws Exception {
		String user = newUser("queued-cancel");
		fund(user, 100);
		assertStatus(cancel(user, "saga-timeout"), 404);
		String requestId = PointUseService.requestId(user, "saga-timeout");

		// As if admitted and published before the cancel came: the consumer decides it.
		this.kafka
			.send(PointUseRequested.TOPIC, user,
					new PointUseRequested(requestId, user, "saga-timeout", 10, "before-cancel", Instant.now()))
			.get();

		assertThat(awaitDecided(requestId)).isEqualTo("REJECTED");
		Response status = call("GET", "/api/points/requests/" + requestId, user, null);
		assertThat(status.json().get("status").asString()).isEqualTo("REJECTED");
		assertThat(status.json().get("reason").asString()).isEqualTo("USE_CANCELLED");
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isZero();
		assertThat(assertLedgerExact(user)).isEqualTo(100);
	}

	@Test
	void onlyServicesAndAdminsCancel() {
		String user = newUser("self-cancel");
		fund(user, 100);
		assertStatus(use(user, "paid", 60, "v1"), 201);

		Response byUser = call("POST", "/api/points/uses/paid/cancel", user, "{\"userId\":\"" + user + "\"}");

		assertThat(byUser.status()).isEqualTo(403);
		assertThat(count("select count(*) from point_use where user_id = ? and status = 'USED'", user)).isEqualTo(1);
		assertThat(call("POST", "/api/points/uses/paid/cancel", null, "{\"userId\":\"" + user + "\"}").status())
			.isEqualTo(401);
		assertThat(assertLedgerExact(user)).isEqualTo(40);
	}

	@Test
	void rejectsBadCancelsNamingTheFieldAndWritesNothing() {
		String user = newUser("bad-cancel");
		fund(user, 100);
		assertStatus(use(user, "paid", 60, "v1"), 201);
		int rows = rowsOf(user);
		String service = token("timesale-service", "SERVICE");

		assertValidationFailed(callWithToken("POST", "/api/points/uses/paid/cancel", service, "{}"), "userId");
		assertValidationFailed(callWithToken("POST", "/api/points/uses/paid/cancel", service, "{\"userId\":\" \"}"),
				"userId");
		assertValidationFailed(callWithToken("POST", "/api/points/uses/paid/cancel", service, "{\"userId\":null}"),
				"userId");
		assertValidationFailed(callWithToken("POST", "/api/points/uses/paid/cancel", service,
				"{\"userId\":\"" + "u".repeat(65) + "\"}"), "userId");
		assertValidationFailed(callWithToken("POST", "/api/points/uses/" + "o".repeat(65) + "/cancel", service,
				"{\"userId\":\"" + user + "\"}"), "orderId");
		assertValidationFailed(
				callWithToken("POST", "/api/points/uses/%20/cancel", service, "{\"userId\":\"" + user + "\"}"),
				"orderId");
		assertThat(callWithToken("POST", "/api/points/uses/paid/cancel", service, null).status()).isEqualTo(400);
		assertThat(rowsOf(user)).isEqualTo(rows);
		assertThat(count("select count(*) from point_use where user_id = ? and status = 'USED'", user)).isEqualTo(1);
	}

	private long remaining(long lotId) {
		return this.jdbc.queryForObject("select remaining from point_lot where id = ?", Long.class, lotId);
	}

}
