package com.example.promo.timesale.order;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.timesale.sale.SaleGate;
import com.example.promo.timesale.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order endpoints that end a hold through {@code hold.Holds}: cancel, and the lazy
 * expiry of a HELD order past its {@code payBy} when it is read.
 */
class OrderHoldEndTests extends IntegrationTestSupport {

	@Autowired
	private Issuing<OrderRequested, OrderWritten> issuing;

	@Autowired
	private SaleGate saleGate;

	private Map<String, String> gate(long saleId) {
		return this.redisson
			.<String, String>getMap(this.issuing.gate().key(Long.toString(saleId), "gate"), StringCodec.INSTANCE)
			.readAllMap();
	}

	@Test
	void theOwnerCancelsAHeldOrderOnceAndTheUnitsGoBack() {
		long saleId = liveSaleRow(1_000, 10, 3, 600);
		this.saleGate.prepare(saleId);
		String userId = "canceller-" + saleId;
		long orderId = call("POST", "/api/timesales/" + saleId + "/orders?strategy=v2", userId, "{\"quantity\":2}")
			.json()
			.get("orderId")
			.asLong();
		assertThat(gate(saleId).get("stock")).isEqualTo("8");

		Response intruder = call("POST", "/api/timesales/orders/" + orderId + "/cancel", "intruder", null);
		Response cancelled = call("POST", "/api/timesales/orders/" + orderId + "/cancel", userId, null);
		Response again = call("POST", "/api/timesales/orders/" + orderId + "/cancel", userId, null);

		assertThat(intruder.status()).isEqualTo(404);
		assertThat(intruder.code()).isEqualTo("ORDER_NOT_FOUND");
		assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(cancelled.json().get("cancelledAt").isNull()).isFalse();
		assertThat(again.status()).as(again.body()).isEqualTo(200);
		assertThat(again.body()).isEqualTo(cancelled.body());
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 0);
		assertThat(gate(saleId).get("stock")).as("the units went back to the gate once").isEqualTo("10");
	}

	@Test
	void aHeldOrderPastPayByReadsExpiredAndItsUnitsGoBack() {
		long saleId = liveSaleRow(1_000, 10, 3, 1);
		String userId = "late-" + saleId;
		long orderId = call("POST", "/api/timesales/" + saleId + "/orders?strategy=v1", userId, "{\"quantity\":1}")
			.json()
			.get("orderId")
			.asLong();

		await().pollDelay(java.time.Duration.ofMillis(1100))
			.until(() -> "EXPIRED"
				.equals(call("GET", "/api/timesales/orders/" + orderId, userId, null).json().get("status").asString()));

		Response mine = call("GET", "/api/timesales/orders/me", userId, null);
		assertThat(mine.json().get("content").get(0).get("status").asString()).isEqualTo("EXPIRED");
		assertThat(mine.json().get("content").get(0).get("expiredAt").isNull()).isFalse();
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 0);
	}

}
