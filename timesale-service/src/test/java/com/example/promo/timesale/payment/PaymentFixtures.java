package com.example.promo.timesale.payment;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.sale.SaleStock;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fixtures of the pay saga's tests: HELD orders written the way the order feature writes
 * them ({@link SaleStock#hold} and the {@code sale_order} row in one transaction), stubs
 * of coupon-service and point-service on the shared WireMock server, the service tokens
 * they saw, and the outbox's records read back from Kafka.
 */
abstract class PaymentFixtures extends IntegrationTestSupport {

	private static final AtomicLong couponIds = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 100);

	@Autowired
	protected SaleStock saleStock;

	@Autowired
	protected TransactionTemplate tx;

	@Autowired
	protected CircuitBreakerRegistry breakers;

	@Autowired
	protected MeterRegistry meters;

	@Value("${spring.kafka.bootstrap-servers}")
	private String bootstrapServers;

	@BeforeEach
	void freshCallees() {
		if (!callees.isRunning()) {
			callees.start();
		}
		callees.resetAll();
		// Undo calls of any test's leftovers are acknowledged, so the job drains them.
		callees.stubFor(post(urlPathMatching("/api/coupons/issued/\\d+/cancel-redemption")).atPriority(10)
			.willReturn(okJson("{\"status\":\"ISSUED\"}")));
		callees.stubFor(post(urlPathMatching("/api/points/uses/[^/]+/cancel")).atPriority(10)
			.willReturn(okJson("{\"restored\":0,\"balanceAfter\":0}")));
		this.breakers.circuitBreaker("couponService").reset();
		this.breakers.circuitBreaker("pointService").reset();
	}

	/**
	 * @return the count so far of a counter with this outcome tag (0 if never counted)
	 */
	protected double counted(String name, String outcome) {
		var counter = this.meters.find(name).tag("outcome", outcome).counter();
		return (counter != null) ? counter.count() : 0;
	}

	protected static String newUser() {
		return "payer-" + UUID.randomUUID().toString().substring(0, 8);
	}

	protected static long newCouponId() {
		return couponIds.incrementAndGet();
	}

	/**
	 * A HELD order of {@code quantity} units, paid by {@code payBy}.
	 * @return its id
	 */
	protected long heldOrder(long saleId, String userId, int quantity, Instant payBy) {
		return this.tx.execute((status) -> {
			TimesaleErrorCode refusal = this.saleStock.hold(saleId, userId, quantity, Instant.now());
			assertThat(refusal).as("hold of the fixture").isNull();
			this.jdbc.update(
					"""
							INSERT INTO sale_order (request_id, sale_id, product_id, user_id, quantity, unit_price, total_amount,
							                        status, strategy, pay_by, created_at)
							SELECT ?, id, product_id, ?, ?, sale_price, sale_price * ?, 'HELD', 'V1', ?, ?
							  FROM time_sale WHERE id = ?""",
					UUID.randomUUID().toString(), userId, quantity, quantity, UtcColumns.utc(payBy),
					UtcColumns.utc(Instant.now()), saleId);
			return this.jdbc.queryForObject("SELECT LAST_INSERT_ID()", Long.class);
		});
	}

	protected long heldOrder(long saleId, String userId, int quantity) {
		return heldOrder(saleId, userId, quantity, Instant.now().plus(Duration.ofMinutes(10)));
	}

	protected Response pay(long orderId, String bearer, String body, String... headers) {
		return callWithToken("POST", "/api/timesales/orders/" + orderId + "/pay", bearer, body, headers);
	}

	protected Map<String, Object> orderRow(long orderId) {
		return this.jdbc.queryForMap("SELECT * FROM sale_order WHERE id = ?", orderId);
	}

	protected String orderStatus(long orderId) {
		return this.jdbc.queryForObject("SELECT status FROM sale_order WHERE id = ?", String.class, orderId);
	}

	protected Object payLease(long orderId) {
		return this.jdbc.queryForObject("SELECT pay_lease_until FROM sale_order WHERE id = ?", Object.class, orderId);
	}

	protected List<Map<String, Object>> attempts(long orderId) {
		return this.jdbc.queryForList("SELECT * FROM payment_attempt WHERE order_id = ? ORDER BY attempt", orderId);
	}

	/** coupon-service redeems the coupon for the ref with this discount. */
	protected static void stubRedeem(long issuedCouponId, long discount) {
		callees.stubFor(post(urlPathEqualTo("/api/coupons/issued/" + issuedCouponId + "/redeem"))
			.willReturn(okJson("{\"issuedCouponId\":" + issuedCouponId
					+ ",\"couponId\":7,\"orderId\":\"x\",\"orderAmount\":1," + "\"discountAmount\":" + discount
					+ ",\"payableAmount\":0,\"redeemedAt\":\"2026-01-01T00:00:00Z\"}")));
	}

	/** coupon-service refuses the redemption with a problem of this status and code. */
	protected static void stubRedeemRefused(long issuedCouponId, int status, String code) {
		callees.stubFor(post(urlPathEqualTo("/api/coupons/issued/" + issuedCouponId + "/redeem"))
			.willReturn(problem(status, code)));
	}

	/** point-service spends the points of this ref. */
	protected static void stubUse(String ref) {
		callees.stubFor(post(urlPathEqualTo("/api/points/use")).withQueryParam("strategy", equalTo("v1"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo(ref)))
			.willReturn(aResponse().withStatus(201)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"useId\":1,\"orderId\":\"" + ref + "\",\"amount\":1,\"balanceAfter\":0,\"lots\":[]}")));
	}

	protected static void stubUseRefused(String ref, int status, String code) {
		callees.stubFor(post(urlPathEqualTo("/api/points/use")).withQueryParam("strategy", equalTo("v1"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo(ref)))
			.willReturn(problem(status, code)));
	}

	protected static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder problem(int status, String code) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/problem+json")
			.withBody("{\"type\":\"about:blank\",\"title\":\"refused\",\"status\":" + status + ",\"code\":\"" + code
					+ "\"}");
	}

	protected static List<LoggedRequest> redeems(long issuedCouponId) {
		return callees.findAll(postRequestedFor(urlPathEqualTo("/api/coupons/issued/" + issuedCouponId + "/redeem")));
	}

	protected static List<LoggedRequest> cancelRedemptions(long issuedCouponId) {
		return callees
			.findAll(postRequestedFor(urlPathEqualTo("/api/coupons/issued/" + issuedCouponId + "/cancel-redemption")));
	}

	protected static List<LoggedRequest> uses(String ref) {
		return callees.findAll(postRequestedFor(urlPathEqualTo("/api/points/use"))
			.withRequestBody(matchingJsonPath("$.orderId", equalTo(ref))));
	}

	protected static List<LoggedRequest> useCancels(String ref) {
		return callees.findAll(postRequestedFor(urlPathEqualTo("/api/points/uses/" + ref + "/cancel")));
	}

	protected static int allRequests() {
		return callees.getAllServeEvents().size();
	}

	/**
	 * @param request a request the stub received
	 * @return the subject of its bearer token (read, not verified)
	 */
	protected String subjectOf(LoggedRequest request) {
		String bearer = request.getHeader("Authorization");
		assertThat(bearer).startsWith("Bearer ");
		String payload = bearer.substring("Bearer ".length()).split("\\.")[1];
		JsonNode claims = this.json
			.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
		return claims.get("sub").asString();
	}

	protected JsonNode body(LoggedRequest request) {
		return this.json.readTree(request.getBodyAsString());
	}

	/**
	 * Reads a topic from its beginning until {@code atLeast} records of the order arrived
	 * or {@code wait} passed.
	 * @return the order's records, in partition order
	 */
	protected List<ConsumerRecord<String, String>> recordsOf(String topic, long orderId, int atLeast, Duration wait) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers,
				ConsumerConfig.GROUP_ID_CONFIG, "payment-tests-" + UUID.randomUUID(),
				ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<ConsumerRecord<String, String>> found = new ArrayList<>();
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10))
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + wait.toNanos();
			while (System.nanoTime() < deadline && found.size() < atLeast) {
				for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
					if (this.json.readTree(record.value())
						.path("orderId")
						.asString("")
						.equals(Long.toString(orderId))) {
						found.add(record);
					}
				}
			}
		}
		return found;
	}

	protected static void stubDown(String pathRegex,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer) {
		callees.stubFor(post(WireMock.urlPathMatching(pathRegex)).willReturn(answer));
	}

}
