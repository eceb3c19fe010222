package com.example.promo.timesale.support;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;

import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.common.test.HttpTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test: the whole service on a random port against the real
 * local MariaDB ({@code timesale_db_test}) and Redis (database 5) that
 * {@code scripts/stack.sh} starts, and a real in-process Kafka broker; the {@code local}
 * profile (its passwords and development JWT secret) under the {@code test} one. All
 * subclasses share one Spring context. HTTP calls with locally signed JWTs come from
 * {@link HttpTestSupport}; direct SQL sets up fixtures and asserts database state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "local", "test" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(RecordingSaleGate.Config.class)
public abstract class IntegrationTestSupport extends HttpTestSupport {

	private static volatile boolean redisFlushed;

	/**
	 * One stub HTTP server standing in for both coupon-service and point-service (their
	 * paths differ), started once for the shared context on a fixed free port, so a test
	 * may stop it (connection refused) and start it again on the same address.
	 */
	private static final int CALLEES_PORT = freePort();

	private static final String CALLEES_URL = "http://127.0.0.1:" + CALLEES_PORT;

	protected static final WireMockServer callees = new WireMockServer(
			WireMockConfiguration.options().bindAddress("127.0.0.1").port(CALLEES_PORT));

	static {
		callees.start();
	}

	@DynamicPropertySource
	static void calleeUrls(DynamicPropertyRegistry registry) {
		registry.add("promo.timesale.coupon-service-url", () -> CALLEES_URL);
		registry.add("promo.timesale.point-service-url", () -> CALLEES_URL);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedissonClient redisson;

	@BeforeAll
	static void resetGateOnce(@Autowired RedissonClient redisson) {
		// Gate keys of an earlier run would describe sales that no longer match the
		// database.
		if (!redisFlushed) {
			redisson.getKeys().flushdb();
			redisFlushed = true;
		}
	}

	/**
	 * Inserts a product row directly (fixtures that do not test the product API).
	 * @param listPrice KRW
	 * @return its id
	 */
	protected long productRow(long listPrice) {
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var insert = connection.prepareStatement(
					"insert into product (name, list_price, created_at) values (?, ?, ?)", new String[] { "id" });
			insert.setString(1, "product " + UUID.randomUUID());
			insert.setLong(2, listPrice);
			insert.setObject(3, UtcColumns.utc(Instant.now()));
			return insert;
		}, key);
		return key.getKey().longValue();
	}

	/**
	 * Inserts a live ACTIVE sale row directly (started a minute ago, ends in a day), with
	 * a new product listed at twice the sale price.
	 * @param salePrice KRW per unit
	 * @param totalStock units
	 * @param perUserLimit units per user
	 * @param holdSeconds seconds an order holds its units
	 * @return its id
	 */
	protected long liveSaleRow(long salePrice, int totalStock, int perUserLimit, int holdSeconds) {
		return saleRow(salePrice, totalStock, perUserLimit, holdSeconds, Instant.now().minus(Duration.ofMinutes(1)),
				Instant.now().plus(Duration.ofDays(1)));
	}

	/**
	 * Inserts an ACTIVE sale row directly.
	 * @param salePrice KRW per unit
	 * @param totalStock units
	 * @param perUserLimit units per user
	 * @param holdSeconds seconds an order holds its units
	 * @param startsAt window start
	 * @param endsAt window end
	 * @return its id
	 */
	protected long saleRow(long salePrice, int totalStock, int perUserLimit, int holdSeconds, Instant startsAt,
			Instant endsAt) {
		long productId = productRow(salePrice * 2);
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update((connection) -> {
			var insert = connection.prepareStatement("""
					insert into time_sale (product_id, sale_price, total_stock, per_user_limit, starts_at, ends_at,
					                       hold_seconds, status, created_at)
					values (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?)""", new String[] { "id" });
			insert.setLong(1, productId);
			insert.setLong(2, salePrice);
			insert.setInt(3, totalStock);
			insert.setInt(4, perUserLimit);
			insert.setObject(5, UtcColumns.utc(startsAt));
			insert.setObject(6, UtcColumns.utc(endsAt));
			insert.setInt(7, holdSeconds);
			insert.setObject(8, UtcColumns.utc(Instant.now()));
			return insert;
		}, key);
		return key.getKey().longValue();
	}

	/**
	 * Asserts a sale's stock invariants against its orders (DESIGN.md §4.3): held = Σ
	 * quantity of HELD orders, sold = Σ quantity of PAID orders (REFUNDED ones whose
	 * units stayed sold excluded — pass them in {@code soldRefunded}), held + sold ≤
	 * total, and every buyer's count = Σ of their HELD and PAID orders ≤ the limit.
	 * @param saleId the sale
	 * @param soldRefunded units of refunded orders that stayed sold (the sale was no
	 * longer live)
	 * @return {held, sold}
	 */
	protected long[] assertStockExact(long saleId, long soldRefunded) {
		long held = this.jdbc.queryForObject("select held_quantity from time_sale where id = ?", Long.class, saleId);
		long sold = this.jdbc.queryForObject("select sold_quantity from time_sale where id = ?", Long.class, saleId);
		long total = this.jdbc.queryForObject("select total_stock from time_sale where id = ?", Long.class, saleId);
		long heldOrders = this.jdbc.queryForObject(
				"select coalesce(sum(quantity), 0) from sale_order where sale_id = ? and status = 'HELD'", Long.class,
				saleId);
		long paidOrders = this.jdbc.queryForObject(
				"select coalesce(sum(quantity), 0) from sale_order where sale_id = ? and status = 'PAID'", Long.class,
				saleId);
		int badBuyers = this.jdbc.queryForObject("""
				select count(*) from sale_buyer b
				 where b.sale_id = ? and (b.quantity > b.per_user_limit or b.quantity <> (
				       select coalesce(sum(o.quantity), 0) from sale_order o
				        where o.sale_id = b.sale_id and o.user_id = b.user_id and o.status in ('HELD', 'PAID')))""",
				Integer.class, saleId);
		assertThat(held).as("held units = HELD orders").isEqualTo(heldOrders);
		assertThat(sold).as("sold units = PAID orders").isEqualTo(paidOrders + soldRefunded);
		assertThat(held + sold).as("held + sold <= total stock").isLessThanOrEqualTo(total);
		assertThat(badBuyers).as("buyers whose count is not their HELD + PAID units, or above the limit").isZero();
		return new long[] { held, sold };
	}

	/**
	 * Places an order through the API as {@code userId}.
	 * @param saleId the sale
	 * @param userId the buyer (JWT subject)
	 * @param strategy {@code v1}, {@code v2} or {@code v3}
	 * @param quantity units
	 * @param headers extra header name/value pairs, e.g. an {@code Idempotency-Key}
	 * @return the answer
	 */
	protected Response order(long saleId, String userId, String strategy, int quantity, String... headers) {
		return call("POST", "/api/timesales/" + saleId + "/orders?strategy=" + strategy, userId,
				"{\"quantity\":" + quantity + "}", headers);
	}

}
