package com.example.promo.timesale.order;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.redisson.api.RedissonClient;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/**
 * The issuing kit's contract ({@link IssuingContract}: stampedes per strategy and mixed,
 * one user hammering, one key pressed twenty times, Redis flushed mid-burst, a request
 * delivered again, an unreadable record, a crash with admissions in flight) against sale
 * orders: a live sale of {@code units} units with a per-user limit of
 * {@code perHolderLimit}, one unit per order; the real MariaDB, Redis and Kafka, through
 * timesale-service's HTTP API. The sale row is a fixture (the sale API is the sale
 * feature's), its gate prepared as the sale feature does on creation.
 */
class TimesaleIssuingContractTests extends IntegrationTestSupport implements IssuingContract {

	@Autowired
	private Issuing<OrderRequested, OrderWritten> issuing;

	@Autowired
	private SaleGate saleGate;

	@Autowired
	private KafkaTemplate<String, OrderRequested> kafka;

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
		long saleId = liveSaleRow(1_000, units, perHolderLimit, 600);
		this.saleGate.prepare(saleId);
		return Long.toString(saleId);
	}

	@Override
	public Answer request(String resourceId, String holderId, IssueStrategy strategy, String idempotencyKey) {
		String path = "/api/timesales/" + resourceId + "/orders?strategy=" + strategy;
		String body = "{\"quantity\":1}";
		Response response = (idempotencyKey != null)
				? call("POST", path, holderId, body, "Idempotency-Key", idempotencyKey)
				: call("POST", path, holderId, body);
		return Answer.of(response, holderId);
	}

	@Override
	public RequestOutcome outcome(String requestId) {
		return this.jdbc
			.query("select status from order_request where request_id = ?",
					(row, i) -> "HELD".equals(row.getString(1)) ? RequestOutcome.SUCCEEDED : RequestOutcome.REJECTED,
					requestId)
			.stream()
			.findFirst()
			.orElse(RequestOutcome.PENDING);
	}

	@Override
	public Map<String, Integer> holdersInDatabase(String resourceId) {
		Map<String, Integer> holders = new HashMap<>();
		this.jdbc.query("select user_id, sum(quantity) from sale_order where sale_id = ? group by user_id", (row) -> {
			holders.put(row.getString(1), row.getInt(2));
		}, Long.parseLong(resourceId));
		return holders;
	}

	@Override
	public int takenUnits(String resourceId) {
		long saleId = Long.parseLong(resourceId);
		assertStockExact(saleId, 0);
		return this.jdbc.queryForObject("select held_quantity + sold_quantity from time_sale where id = ?",
				Integer.class, saleId);
	}

	@Override
	public void publish(String resourceId, String holderId, String requestId) {
		this.kafka
			.send(OrderRequested.TOPIC, resourceId,
					new OrderRequested(requestId, Long.parseLong(resourceId), holderId, 1, 0, "no-epoch",
							Instant.now()))
			.join();
	}

	@Override
	public void publishUnreadable(String resourceId, String value) {
		IssuingContract.publishRaw(this.broker, OrderRequested.TOPIC, resourceId, value);
	}

}
