package com.example.promo.coupon.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

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
 * local MariaDB ({@code coupon_db_test}) and Redis (database 1) that
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
		// Gate keys of an earlier run would describe coupons that no longer match the
		// database.
		if (!redisFlushed) {
			redisson.getKeys().flushdb();
			redisFlushed = true;
		}
	}

	/**
	 * Creates an ACTIVE coupon open from a minute ago for a day, through the API.
	 * @param totalQuantity units
	 * @param perUserLimit units per user
	 * @return the coupon id
	 */
	protected long createCoupon(int totalQuantity, int perUserLimit) {
		Response created = call("POST", "/api/coupons", "admin", couponJson(totalQuantity, perUserLimit,
				Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	/**
	 * @param totalQuantity units
	 * @param perUserLimit units per user
	 * @param startsAt window start
	 * @param endsAt window end
	 * @return a valid FIXED 1,000 KRW coupon body, 7 valid days
	 */
	protected static String couponJson(int totalQuantity, int perUserLimit, Instant startsAt, Instant endsAt) {
		return """
				{"name":"Test coupon","discountType":"FIXED","discountValue":1000,"minOrderAmount":10000,
				 "totalQuantity":%d,"perUserLimit":%d,"issueStartsAt":"%s","issueEndsAt":"%s","validDays":7}
				""".formatted(totalQuantity, perUserLimit, startsAt, endsAt);
	}

	/**
	 * @param couponId the policy
	 * @return rows in issued_coupon for it
	 */
	protected int issuedRows(long couponId) {
		return this.jdbc.queryForObject("select count(*) from issued_coupon where coupon_id = ?", Integer.class,
				couponId);
	}

	/**
	 * @param couponId the policy
	 * @return coupon_policy.issued_quantity
	 */
	protected int issuedQuantity(long couponId) {
		return this.jdbc.queryForObject("select issued_quantity from coupon_policy where id = ?", Integer.class,
				couponId);
	}

	/**
	 * @param couponId the policy
	 * @return (coupon, user) pairs holding more than one unit
	 */
	protected int duplicatePairs(long couponId) {
		return this.jdbc.queryForObject("select count(*) from (select user_id from issued_coupon where coupon_id = ?"
				+ " group by user_id having count(*) > 1) d", Integer.class, couponId);
	}

	/**
	 * @param requestId a batched (v2, v3) issue request
	 * @return its {@code issue_request} status ({@code ISSUED}, {@code REJECTED}), or
	 * {@code PENDING} while it has none
	 */
	protected String requestStatus(String requestId) {
		List<String> status = this.jdbc.queryForList("select status from issue_request where request_id = ?",
				String.class, requestId);
		return status.isEmpty() ? "PENDING" : status.get(0);
	}

}
