package com.example.promo.timesale.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.listener.MessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The v3 waiting room (DESIGN.md §4.3): the gate's atomic per-sale sequence gives each
 * admitted request its place, the 202 and the poll tell how many are ahead, and the
 * consumer creates the orders in queue order, removing each from the room.
 */
class WaitingRoomTests extends IntegrationTestSupport {

	@Autowired
	private Issuing<OrderRequested, OrderWritten> issuing;

	@Autowired
	private SaleGate saleGate;

	@Test
	void positionsIncreaseInAdmissionOrderAndOrdersAreCreatedInQueueOrder() {
		long saleId = liveSaleRow(2_500, 50, 2, 600);
		this.saleGate.prepare(saleId);
		int buyers = 6;
		List<String> requestIds = new ArrayList<>();
		MessageListenerContainer consumer = this.issuing.consumer();
		consumer.pause();
		await().atMost(Duration.ofSeconds(10)).until(consumer::isContainerPaused);
		try {
			for (int i = 0; i < buyers; i++) {
				Response accepted = call("POST", "/api/timesales/" + saleId + "/orders?strategy=v3",
						"room-" + saleId + "-" + i, "{\"quantity\":" + (1 + i % 2) + "}");
				assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
				assertThat(accepted.header("X-Strategy")).isEqualTo("v3");
				String requestId = accepted.json().get("requestId").asString();
				assertThat(accepted.header("Location")).isEqualTo("/api/timesales/requests/" + requestId);
				assertThat(accepted.json().get("status").asString()).isEqualTo("WAITING");
				assertThat(accepted.json().get("position").asLong()).as("buyers ahead").isEqualTo(i);
				requestIds.add(requestId);
			}
			for (int i = 0; i < buyers; i++) {
				Response waiting = call("GET", "/api/timesales/requests/" + requestIds.get(i),
						"room-" + saleId + "-" + i, null);
				assertThat(waiting.status()).as(waiting.body()).isEqualTo(200);
				assertThat(waiting.json().get("status").asString()).isEqualTo("WAITING");
				assertThat(waiting.json().get("position").asLong()).isEqualTo(i);
				assertThat(waiting.json().has("orderId")).isFalse();
			}
			assertThat(this.jdbc.queryForObject("select count(*) from sale_order where sale_id = ?", Integer.class,
					saleId))
				.as("nothing written while the consumer is paused")
				.isZero();
		}
		finally {
			consumer.resume();
		}

		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.jdbc.queryForObject("select count(*) from order_request where sale_id = ?", Integer.class,
					saleId) == buyers);
		List<Long> orderIds = new ArrayList<>();
		for (int i = 0; i < buyers; i++) {
			Response held = call("GET", "/api/timesales/requests/" + requestIds.get(i), "room-" + saleId + "-" + i,
					null);
			assertThat(held.json().get("status").asString()).as(held.body()).isEqualTo("HELD");
			assertThat(held.json().has("position")).isFalse();
			long orderId = held.json().get("orderId").asLong();
			orderIds.add(orderId);
			Response order = call("GET", "/api/timesales/orders/" + orderId, "room-" + saleId + "-" + i, null);
			assertThat(order.status()).as(order.body()).isEqualTo(200);
			assertThat(order.json().get("quantity").asInt()).isEqualTo(1 + i % 2);
			assertThat(order.json().get("totalAmount").asLong()).isEqualTo(2_500L * (1 + i % 2));
		}
		assertThat(orderIds).as("orders created in queue order").isSorted().doesNotHaveDuplicates();
		assertThat(this.jdbc.queryForList("select strategy from sale_order where sale_id = ?", String.class, saleId))
			.containsOnly("V3");
		assertThat(this.redisson.getScoredSortedSet(this.issuing.gate().key(Long.toString(saleId), "queue")).size())
			.as("the waiting room is empty")
			.isZero();
		assertStockExact(saleId, 0);
	}

}
