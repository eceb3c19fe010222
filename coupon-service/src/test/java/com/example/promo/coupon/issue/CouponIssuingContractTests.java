package com.example.promo.coupon.issue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.redisson.api.RedissonClient;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The issuing kit's contract ({@link IssuingContract}: stampedes per strategy and mixed,
 * one user hammering, one key pressed twenty times, Redis flushed mid-burst, a request
 * delivered again, an unreadable record, a crash with admissions in flight) against
 * coupons: the real MariaDB, Redis and Kafka, through coupon-service's HTTP API.
 */
class CouponIssuingContractTests extends IntegrationTestSupport implements IssuingContract {

	@Autowired
	private Issuing<CouponIssueRequested, BatchIssueWriter.Written> issuing;

	@Autowired
	private KafkaTemplate<String, CouponIssueRequested> kafka;

	@Autowired
	private EmbeddedKafkaBroker broker;

	@Override
	public Issuing<?, ?> issuing() {
		return this.issuing;
	}

	@Override
	public RedissonClient redisson() {
		return this.redisson;
	}

	@Override
	public String createResource(int units, int perHolderLimit) {
		return Long.toString(createCoupon(units, perHolderLimit));
	}

	@Override
	public Answer request(String resourceId, String holderId, IssueStrategy strategy, String idempotencyKey) {
		String path = "/api/coupons/" + resourceId + "/issue?strategy=" + strategy;
		Response response = (idempotencyKey != null)
				? call("POST", path, holderId, null, "Idempotency-Key", idempotencyKey)
				: call("POST", path, holderId, null);
		return Answer.of(response, holderId);
	}

	@Override
	public RequestOutcome outcome(String requestId) {
		return switch (requestStatus(requestId)) {
			case "PENDING" -> RequestOutcome.PENDING;
			case "ISSUED" -> RequestOutcome.SUCCEEDED;
			default -> RequestOutcome.REJECTED;
		};
	}

	@Override
	public Map<String, Integer> holdersInDatabase(String resourceId) {
		Map<String, Integer> holders = new HashMap<>();
		this.jdbc.query("select user_id, count(*) from issued_coupon where coupon_id = ? group by user_id", (row) -> {
			holders.put(row.getString(1), row.getInt(2));
		}, Long.parseLong(resourceId));
		return holders;
	}

	@Override
	public int takenUnits(String resourceId) {
		return issuedQuantity(Long.parseLong(resourceId));
	}

	@Override
	public void publish(String resourceId, String holderId, String requestId) {
		this.kafka
			.send(CouponIssueRequested.TOPIC, resourceId,
					new CouponIssueRequested(requestId, Long.parseLong(resourceId), holderId, "no-epoch",
							Instant.now()))
			.join();
	}

	@Override
	public void publishUnreadable(String resourceId, String value) {
		IssuingContract.publishRaw(this.broker, CouponIssueRequested.TOPIC, resourceId, value);
	}

}
