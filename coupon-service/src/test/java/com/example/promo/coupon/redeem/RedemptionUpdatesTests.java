package com.example.promo.coupon.redeem;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.promo.coupon.wallet.IssuedCouponRepository;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.data.jpa.test.autoconfigure.DataJpaTest;
import org.springframework.boot.jdbc.test.autoconfigure.AutoConfigureTestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.SimpleJdbcInsert;
import org.springframework.test.context.ActiveProfiles;

import static com.example.promo.common.jdbc.UtcColumns.utc;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditional updates redemption decides with ({@link IssuedCouponRepository}), on
 * the real (Flyway-migrated) test database: a coupon is marked USED only while ISSUED and
 * unexpired, so only once; a redemption is undone only while USED for the same order, so
 * only once.
 */
@DataJpaTest
@AutoConfigureTestDatabase(replace = AutoConfigureTestDatabase.Replace.NONE)
@ActiveProfiles({ "local", "test" })
class RedemptionUpdatesTests {

	private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

	private static final Instant EXPIRES_AT = NOW.plus(Duration.ofDays(7));

	@Autowired
	private IssuedCouponRepository issuedCoupons;

	@Autowired
	private JdbcTemplate jdbc;

	private long couponId;

	@BeforeEach
	void policy() {
		this.couponId = new SimpleJdbcInsert(this.jdbc).withTableName("coupon_policy")
			.usingGeneratedKeyColumns("id")
			.executeAndReturnKey(Map.ofEntries(Map.entry("name", "Redemption test"),
					Map.entry("discount_type", "FIXED"), Map.entry("discount_value", 1000),
					Map.entry("min_order_amount", 0), Map.entry("total_quantity", 10), Map.entry("issued_quantity", 1),
					Map.entry("per_user_limit", 1), Map.entry("issue_starts_at", utc(NOW.minusSeconds(60))),
					Map.entry("issue_ends_at", utc(NOW.plusSeconds(60))), Map.entry("valid_days", 7),
					Map.entry("status", "ACTIVE"), Map.entry("created_at", utc(NOW)),
					Map.entry("updated_at", utc(NOW))))
			.longValue();
	}

	private long issuedCoupon() {
		return new SimpleJdbcInsert(this.jdbc).withTableName("issued_coupon")
			.usingGeneratedKeyColumns("id")
			.executeAndReturnKey(Map.of("coupon_id", this.couponId, "user_id", "redeemer", "user_seq", 1, "request_id",
					UUID.randomUUID().toString(), "strategy", "V1", "status", "ISSUED", "issued_at", utc(NOW),
					"expires_at", utc(EXPIRES_AT)))
			.longValue();
	}

	private Map<String, Object> row(long id) {
		return this.jdbc.queryForMap(
				"select status, order_id, order_amount, discount_amount, redeemed_at from issued_coupon where id = ?",
				id);
	}

	@Test
	void marksAnIssuedCouponUsedOnce() {
		long id = issuedCoupon();

		assertThat(this.issuedCoupons.markUsed(id, "order-1", 20_000, 1000, NOW)).isOne();
		assertThat(this.issuedCoupons.markUsed(id, "order-1", 20_000, 1000, NOW)).isZero();
		assertThat(this.issuedCoupons.markUsed(id, "order-2", 50_000, 1000, NOW)).isZero();
		assertThat(row(id)).containsEntry("status", "USED")
			.containsEntry("order_id", "order-1")
			.containsEntry("order_amount", 20_000L)
			.containsEntry("discount_amount", 1000L)
			.extractingByKey("redeemed_at")
			.isNotNull();
	}

	@Test
	void neverMarksACouponUsedFromItsExpiryOn() {
		long id = issuedCoupon();

		assertThat(this.issuedCoupons.markUsed(id, "late", 20_000, 1000, EXPIRES_AT)).isZero();
		assertThat(this.issuedCoupons.markUsed(id, "later", 20_000, 1000, EXPIRES_AT.plusSeconds(1))).isZero();
		assertThat(row(id)).containsEntry("status", "ISSUED").containsEntry("order_id", null);
		assertThat(this.issuedCoupons.markUsed(id, "in-time", 20_000, 1000, EXPIRES_AT.minusSeconds(1))).isOne();
	}

	@Test
	void undoesARedemptionOnlyForItsOwnOrderAndOnce() {
		long id = issuedCoupon();
		this.issuedCoupons.markUsed(id, "order-1", 20_000, 1000, NOW);

		assertThat(this.issuedCoupons.markUnused(id, "order-2")).isZero();
		assertThat(row(id)).containsEntry("status", "USED").containsEntry("order_id", "order-1");
		assertThat(this.issuedCoupons.markUnused(id, "order-1")).isOne();
		assertThat(this.issuedCoupons.markUnused(id, "order-1")).isZero();
		assertThat(row(id)).containsEntry("status", "ISSUED")
			.containsEntry("order_id", null)
			.containsEntry("order_amount", null)
			.containsEntry("discount_amount", null)
			.containsEntry("redeemed_at", null);
	}

	@Test
	void undoesNothingOfACouponNeverRedeemed() {
		long id = issuedCoupon();

		assertThat(this.issuedCoupons.markUnused(id, "order-1")).isZero();
		assertThat(row(id)).containsEntry("status", "ISSUED");
	}

}
