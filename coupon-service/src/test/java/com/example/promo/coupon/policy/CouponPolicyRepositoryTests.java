package com.example.promo.coupon.policy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The conditional update that takes units of a policy, on the real (Flyway-migrated) test
 * database: it never takes beyond the total, nor outside the window or while the policy
 * is not ACTIVE; and the database's own CHECK refuses any write that would.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles({ "local", "test" })
class CouponPolicyRepositoryTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	@Autowired
	private CouponPolicyRepository policies;

	@Autowired
	private JdbcTemplate jdbc;

	private long policy(int totalQuantity) {
		return this.policies
			.saveAndFlush(new CouponPolicy("Repository test", new DiscountTerms(DiscountType.FIXED, 1000L, null, 0L),
					totalQuantity, 1, NOW.minusSeconds(60), NOW.plus(Duration.ofHours(1)), 7, NOW.minusSeconds(60)))
			.getId();
	}

	private int issuedQuantity(long id) {
		return this.jdbc.queryForObject("select issued_quantity from coupon_policy where id = ?", Integer.class, id);
	}

	@Test
	void takesUnitsUntilTheTotalAndNeverBeyond() {
		long id = policy(5);

		assertThat(this.policies.take(id, 2, NOW)).isOne();
		assertThat(this.policies.take(id, 3, NOW)).isOne();
		assertThat(this.policies.take(id, 1, NOW)).isZero();
		assertThat(issuedQuantity(id)).isEqualTo(5);
	}

	@Test
	void takesNothingOfABatchLargerThanWhatIsLeft() {
		long id = policy(5);
		this.policies.take(id, 3, NOW);

		assertThat(this.policies.take(id, 3, NOW)).isZero();
		assertThat(issuedQuantity(id)).isEqualTo(3);
	}

	@Test
	void takesNothingOutsideTheWindow() {
		long id = policy(5);

		assertThat(this.policies.take(id, 1, NOW.minusSeconds(61))).isZero();
		assertThat(this.policies.take(id, 1, NOW.plus(Duration.ofHours(1)))).isZero();
		assertThat(this.policies.take(id, 1, NOW.minusSeconds(60))).isOne();
		assertThat(issuedQuantity(id)).isOne();
	}

	@Test
	void takesNothingWhilePausedOrEnded() {
		long id = policy(5);

		this.policies.changeStatus(id, CouponStatus.PAUSED, NOW);
		assertThat(this.policies.take(id, 1, NOW)).isZero();
		this.policies.changeStatus(id, CouponStatus.ENDED, NOW);
		assertThat(this.policies.take(id, 1, NOW)).isZero();
		this.policies.changeStatus(id, CouponStatus.ACTIVE, NOW);
		assertThat(this.policies.take(id, 1, NOW)).isOne();
		assertThat(issuedQuantity(id)).isOne();
	}

	@Test
	void changesTheStatusOfAKnownPolicyOnly() {
		long id = policy(5);

		assertThat(this.policies.changeStatus(id, CouponStatus.PAUSED, NOW)).isOne();
		assertThat(this.policies.findById(id)).get().extracting(CouponPolicy::getStatus).isEqualTo(CouponStatus.PAUSED);
		assertThat(this.policies.changeStatus(Long.MAX_VALUE, CouponStatus.PAUSED, NOW)).isZero();
	}

	@Test
	void theDatabaseRefusesMoreIssuedThanTheTotal() {
		long id = policy(5);

		assertThatExceptionOfType(DataIntegrityViolationException.class).isThrownBy(() -> this.jdbc
			.update("update coupon_policy set issued_quantity = total_quantity + 1 where id = ?", id));
		assertThat(issuedQuantity(id)).isZero();
	}

}
