package com.example.promo.point.use;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import com.example.promo.common.issuing.GateState;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UseGateSnapshotTests extends UseTestSupport {

	@Autowired
	private UseGateSnapshot snapshots;

	@Test
	void holdsTheSpendableBalanceUntilTheEarliestLotExpires() {
		String user = newUser("snapshot");
		fund(user, 100, Duration.ofDays(30));
		fund(user, 50, Duration.ofHours(2));
		long expired = fund(user, 70, Duration.ofDays(3));
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?",
				expired);

		GateState state = this.snapshots.read(user);

		assertThat(state.open()).isTrue();
		assertThat(state.remaining()).isEqualTo(150);
		assertThat(state.perHolderLimit()).isZero();
		assertThat(state.perPeriodLimit()).isZero();
		assertThat(state.startsAt()).isBefore(Instant.now());
		assertThat(state.endsAt()).isAfter(Instant.now().plus(Duration.ofDays(3650)));
		assertThat(state.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(Duration.ofMinutes(1)));
	}

	@Test
	void anAccountWithoutLotsHoldsNothingForADay() {
		GateState state = this.snapshots.read(newUser("nobody"));

		assertThat(state.remaining()).isZero();
		assertThat(state.expiresAt()).isCloseTo(Instant.now().plus(Duration.ofDays(1)), within(Duration.ofMinutes(1)));
	}

	@Test
	void dropsTheGateAfterEveryChangeItDidNotCount() {
		String user = newUser("fresh-gate");
		fund(user, 100);
		assertStatus(use(user, "v2-builds", 10, "v2"), 201);
		assertThat(gateExists(user)).isTrue();

		assertStatus(use(user, "v1-behind", 10, "v1"), 201);
		assertThat(gateExists(user)).isFalse();
		assertStatus(use(user, "v2-rebuilds", 10, "v2"), 201);
		assertThat(gateStock(user)).isEqualTo("70");
		assertStatus(use(user, "v3-counted", 10, "v3"), 202);
		assertThat(awaitDecided(PointUseService.requestId(user, "v3-counted"))).isEqualTo("DONE");
		assertThat(gateStock(user)).isEqualTo("60");

		fund(user, 5);
		assertThat(gateExists(user)).isFalse();
		assertStatus(use(user, "v2-again", 10, "v2"), 201);
		assertThat(gateStock(user)).isEqualTo("55");

		assertThat(cancel(user, "v2-again").status()).isEqualTo(200);
		assertThat(gateExists(user)).isFalse();
		assertThat(assertLedgerExact(user)).isEqualTo(65);
	}

	@Test
	void reportsAnAccountsGateAgainstItsBalanceToAdmins() {
		String user = newUser("reported");
		fund(user, 100);
		assertStatus(use(user, "reported-use", 30, "v2"), 201);
		String path = "/api/points/admin/gates/" + user + "?resource=point-use";

		Response report = call("GET", path, "admin", null);

		assertStatus(report, 200);
		assertThat(report.json().get("resource").asString()).isEqualTo("point-use");
		assertThat(report.json().get("gatePresent").asBoolean()).isTrue();
		assertThat(report.json().get("gateStock").asLong()).isEqualTo(70);
		assertThat(report.json().get("databaseRemaining").asLong()).isEqualTo(70);
		assertThat(report.json().get("inFlight").asInt()).isZero();
		assertThat(call("GET", path, user, null).status()).isEqualTo(403);
	}

	private boolean gateExists(String user) {
		return this.redisson.getMap("point-use:{" + user + "}:gate", StringCodec.INSTANCE).isExists();
	}

	private String gateStock(String user) {
		return this.redisson.<String, String>getMap("point-use:{" + user + "}:gate", StringCodec.INSTANCE).get("stock");
	}

}
