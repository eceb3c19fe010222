package com.example.promo.point.join;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.redisson.api.RedissonClient;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.point.promotion.PromotionTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The issuing kit's contract ({@link IssuingContract}: stampedes per strategy and mixed,
 * one user hammering, one key pressed twenty times, Redis flushed mid-burst, a request
 * delivered again, an unreadable record, a crash with admissions in flight) against
 * promotion joins: a promotion of {@code units} joins with {@code perHolderLimit} joins
 * per user, not once per day; the real MariaDB, Redis and Kafka, through point-service's
 * HTTP API.
 */
class PointJoinIssuingContractTests extends PromotionTestSupport implements IssuingContract {

	@Autowired
	private Issuing<PointJoinRequested, JoinWritten> issuing;

	@Autowired
	private KafkaTemplate<String, PointJoinRequested> kafka;

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
		return Long.toString(createPromotion(units, perHolderLimit, false));
	}

	@Override
	public Answer request(String resourceId, String holderId, IssueStrategy strategy, String idempotencyKey) {
		String path = "/api/points/promotions/" + resourceId + "/join?strategy=" + strategy;
		Response response = (idempotencyKey != null)
				? call("POST", path, holderId, null, "Idempotency-Key", idempotencyKey)
				: call("POST", path, holderId, null);
		return Answer.of(response, holderId);
	}

	@Override
	public RequestOutcome outcome(String requestId) {
		return switch (requestStatus(requestId)) {
			case "PENDING" -> RequestOutcome.PENDING;
			case "DONE" -> RequestOutcome.SUCCEEDED;
			default -> RequestOutcome.REJECTED;
		};
	}

	@Override
	public Map<String, Integer> holdersInDatabase(String resourceId) {
		Map<String, Integer> holders = new HashMap<>();
		this.jdbc.query("select user_id, count(*) from point_join where promotion_id = ? group by user_id", (row) -> {
			holders.put(row.getString(1), row.getInt(2));
		}, Long.parseLong(resourceId));
		return holders;
	}

	@Override
	public int takenUnits(String resourceId) {
		return joinedCount(Long.parseLong(resourceId));
	}

	@Override
	public void publish(String resourceId, String holderId, String requestId) {
		this.kafka
			.send(PointJoinRequested.TOPIC, resourceId,
					new PointJoinRequested(requestId, Long.parseLong(resourceId), holderId, "", "no-epoch",
							Instant.now()))
			.join();
	}

	@Override
	public void publishUnreadable(String resourceId, String value) {
		IssuingContract.publishRaw(this.broker, PointJoinRequested.TOPIC, resourceId, value);
	}

}
