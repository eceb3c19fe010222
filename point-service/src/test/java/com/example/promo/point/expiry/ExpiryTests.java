package com.example.promo.point.expiry;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.promo.point.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lot expiry sweep: expired lots never count in the balance, the sweep writes each
 * expired remainder off once (re-run, or two runs at once), one failing user does not
 * stop the others, and the scheduled run is skipped while another instance holds the
 * ShedLock lock. During each test the lock is held as "another instance" would, so the
 * every-minute job cannot sweep behind the test's back.
 */
class ExpiryTests extends IntegrationTestSupport {

	private static final String LOCK = "point-lot-expiry";

	@Autowired
	private ExpirySweep sweep;

	@Autowired
	private ExpiryJob job;

	@Autowired
	private MeterRegistry meters;

	@BeforeEach
	void holdTheJobLock() {
		this.jdbc.update("""
				insert into shedlock (name, lock_until, locked_at, locked_by)
				values (?, utc_timestamp(3) + interval 10 minute, utc_timestamp(3), 'another-instance')
				on duplicate key update lock_until = values(lock_until), locked_at = values(locked_at),
				                        locked_by = values(locked_by)""", LOCK);
	}

	@AfterEach
	void releaseTheJobLockAndFaults() {
		// Released as ShedLock releases (a lock row is never deleted: this instance's
		// provider, having seen the row, only updates it).
		this.jdbc.update("""
				update shedlock set lock_until = utc_timestamp(3)
				where name = ? and locked_by = 'another-instance'""", LOCK);
		this.jdbc.execute("drop trigger if exists test_expiry_fault");
	}

	private void expire(long lotId) {
		this.jdbc.update("update point_lot set expires_at = utc_timestamp(6) - interval 1 second where id = ?", lotId);
	}

	private List<String> entries(String userId) {
		return this.jdbc.queryForList(
				"select concat(type, ' ', amount, ' ', balance_after) from point_ledger_entry where user_id = ? order by id",
				String.class, userId);
	}

	private long spendable(String userId) {
		return call("GET", "/api/points/me", userId, null).json().get("balance").asLong();
	}

	@Test
	void anExpiredLotIsNotSpendableBeforeTheSweepAndIsWrittenOffOnce() {
		String user = "expiry-" + UUID.randomUUID();
		long expiring = grant(user, 300, 10);
		grant(user, 100, 20);
		expire(expiring);
		this.redisson.getKeys().delete("point-balance:{" + user + "}");

		assertThat(spendable(user)).isEqualTo(100);
		assertThat(entries(user)).as("not swept yet").containsExactly("EARN 300 300", "EARN 100 400");
		assertThat(call("GET", "/api/points/me/lots", user, null).json().get("totalElements").asLong()).isEqualTo(1);
		double counted = this.meters.counter("promo.points.expired").count();

		ExpirySweep.Result first = this.sweep.sweep();
		ExpirySweep.Result second = this.sweep.sweep();

		assertThat(first.points()).isGreaterThanOrEqualTo(300);
		assertThat(first.users()).isGreaterThanOrEqualTo(1);
		assertThat(second.points()).isZero();
		assertThat(entries(user)).containsExactly("EARN 300 300", "EARN 100 400", "EXPIRE -300 100");
		assertThat(this.jdbc.queryForObject("select remaining from point_lot where id = ?", Long.class, expiring))
			.isZero();
		assertThat(assertLedgerExact(user)).isEqualTo(100);
		assertThat(spendable(user)).as("evicted after the sweep committed").isEqualTo(100);
		assertThat(this.meters.counter("promo.points.expired").count() - counted).isGreaterThanOrEqualTo(300);
		assertThat(callManagement("/actuator/prometheus").body()).contains("promo_points_expired_total");
		assertThat(call("GET", "/api/points/me/history?type=EXPIRE", user, null).json()
			.get("content")
			.get(0)
			.get("reason")
			.asString()).isEqualTo("expired");
	}

	@Test
	void twoSweepsAtOnceWriteEachLotOffOnce() throws Exception {
		List<String> users = List.of("twice-a-" + UUID.randomUUID(), "twice-b-" + UUID.randomUUID());
		for (String user : users) {
			expire(grant(user, 50, 10));
			expire(grant(user, 70, 10));
			grant(user, 5, 10);
		}
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			Future<ExpirySweep.Result> one = pool.submit(() -> {
				start.await();
				return this.sweep.sweep();
			});
			Future<ExpirySweep.Result> two = pool.submit(() -> {
				start.await();
				return this.sweep.sweep();
			});
			start.countDown();
			assertThat(one.get().failed() + two.get().failed()).isZero();
		}

		for (String user : users) {
			assertThat(this.jdbc.queryForObject(
					"select count(*) from point_ledger_entry where user_id = ? and type = 'EXPIRE'", Integer.class,
					user))
				.isEqualTo(2);
			assertThat(assertLedgerExact(user)).isEqualTo(5);
		}
	}

	@Test
	void aUserWhoseWriteOffFailsDoesNotStopTheOthersAndIsSweptNextTime() {
		String failing = "expiry-fault-" + UUID.randomUUID();
		String fine = "expiry-fine-" + UUID.randomUUID();
		expire(grant(failing, 10, 10));
		expire(grant(fine, 20, 10));
		this.jdbc.execute("""
				create trigger test_expiry_fault before insert on point_ledger_entry for each row
				if new.user_id like 'expiry-fault-%' and new.type = 'EXPIRE' then
				  signal sqlstate '45000' set message_text = 'expiry fault';
				end if""");

		ExpirySweep.Result faulty = this.sweep.sweep();

		assertThat(faulty.failed()).isGreaterThanOrEqualTo(1);
		assertThat(assertLedgerExact(fine)).isZero();
		assertThat(assertLedgerExact(failing)).as("rolled back").isEqualTo(10);

		this.jdbc.execute("drop trigger test_expiry_fault");
		this.sweep.sweep();
		assertThat(assertLedgerExact(failing)).isZero();
	}

	@Test
	void theScheduledRunIsSkippedWhileAnotherInstanceHoldsTheLock() {
		String user = "locked-" + UUID.randomUUID();
		expire(grant(user, 40, 10));

		this.job.run();
		assertThat(assertLedgerExact(user)).as("another instance holds the lock").isEqualTo(40);

		releaseTheJobLockAndFaults();
		this.job.run();
		assertThat(assertLedgerExact(user)).isZero();
		assertThat(this.jdbc.queryForObject("select locked_by from shedlock where name = ?", String.class, LOCK))
			.isNotEqualTo("another-instance");
	}

}
