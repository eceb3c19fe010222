package com.example.promo.timesale.payment;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Refunds (DESIGN.md §4.3): undone at the callees with the service token, REFUNDED once,
 * units back while the sale is live, {@code timesale.order.refunded} through the outbox;
 * refused outside the window or state.
 */
class RefundTests extends PaymentFixtures {

	private Response refund(long orderId, String user) {
		return call("POST", "/api/timesales/orders/" + orderId + "/refund", user, null);
	}

	private long paidOrder(long saleId, String user, long coupon, long points) {
		long orderId = heldOrder(saleId, user, 2);
		stubRedeem(coupon, 1_000);
		stubUse(Long.toString(orderId));
		Response paid = pay(orderId, token(user), "{\"issuedCouponId\":" + coupon + ",\"points\":" + points + "}");
		assertThat(paid.status()).as(paid.body()).isEqualTo(200);
		return orderId;
	}

	@Test
	void aRefundWithinTheWindowUndoesBothStepsGivesTheUnitsBackAndPublishesOnce() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long coupon = newCouponId();
		long orderId = paidOrder(saleId, user, coupon, 2_000);
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 2);

		Response refunded = refund(orderId, user);

		assertThat(refunded.status()).as(refunded.body()).isEqualTo(200);
		assertThat(refunded.json().get("status").asString()).isEqualTo("REFUNDED");
		assertThat(refunded.json().get("refundedAt").isNull()).isFalse();
		assertThat(cancelRedemptions(coupon)).singleElement().satisfies((cancel) -> {
			assertThat(subjectOf(cancel)).isEqualTo("timesale-service");
			assertThat(body(cancel).get("orderId").asString()).isEqualTo(Long.toString(orderId));
		});
		assertThat(useCancels(Long.toString(orderId))).singleElement().satisfies((cancel) -> {
			assertThat(subjectOf(cancel)).isEqualTo("timesale-service");
			assertThat(body(cancel).get("userId").asString()).isEqualTo(user);
		});
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 0);
		assertThat(this.jdbc.queryForObject("SELECT quantity FROM sale_buyer WHERE sale_id = ? AND user_id = ?",
				Integer.class, saleId, user))
			.isZero();

		Response again = refund(orderId, user);
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("REFUND_NOT_ALLOWED");

		List<ConsumerRecord<String, String>> records = recordsOf(OrderRefunded.TOPIC, orderId, 1,
				Duration.ofSeconds(20));
		assertThat(records).hasSize(1);
		assertThat(records.get(0).key()).isEqualTo(user);
		JsonNode event = this.json.readTree(records.get(0).value());
		assertThat(event.propertyNames()).containsExactlyInAnyOrder("eventId", "occurredAt", "orderId", "userId",
				"refundedAt");
		assertThat(event.get("eventId").asString()).isEqualTo(orderRow(orderId).get("refunded_event_id"));
		assertThat(event.get("orderId").asString()).isEqualTo(Long.toString(orderId));
	}

	@Test
	void unitsOfASaleNoLongerLiveStaySold() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long orderId = paidOrder(saleId, user, newCouponId(), 0);
		this.jdbc.update("UPDATE time_sale SET status = 'ENDED' WHERE id = ?", saleId);

		assertThat(refund(orderId, user).status()).isEqualTo(200);

		assertThat(orderStatus(orderId)).isEqualTo("REFUNDED");
		// SaleStock.unsell leaves an ended sale's counters alone (assertStockExact's
		// buyer rule counts only
		// HELD and PAID orders, so it does not describe this case).
		assertThat(this.jdbc.queryForMap("SELECT held_quantity, sold_quantity FROM time_sale WHERE id = ?", saleId))
			.containsEntry("held_quantity", 0)
			.containsEntry("sold_quantity", 2);
		assertThat(this.jdbc.queryForObject("SELECT quantity FROM sale_buyer WHERE sale_id = ? AND user_id = ?",
				Integer.class, saleId, user))
			.isEqualTo(2);
	}

	@Test
	void outsideTheWindowOrStateARefundIsNotAllowed() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long coupon = newCouponId();
		long orderId = paidOrder(saleId, user, coupon, 0);
		this.jdbc.update("UPDATE sale_order SET paid_at = paid_at - INTERVAL 8 DAY WHERE id = ?", orderId);

		Response late = refund(orderId, user);

		assertThat(late.status()).isEqualTo(409);
		assertThat(late.code()).isEqualTo("REFUND_NOT_ALLOWED");
		assertThat(cancelRedemptions(coupon)).isEmpty();
		assertThat(orderStatus(orderId)).isEqualTo("PAID");

		long held = heldOrder(saleId, user, 1);
		assertThat(refund(held, user).code()).isEqualTo("REFUND_NOT_ALLOWED");
		assertThat(refund(held, newUser()).status()).isEqualTo(404);
		assertThat(assertStockExact(saleId, 0)).containsExactly(1, 2);
	}

	@Test
	void aCalleeDownIs503AndTheOrderStaysPaid() {
		long saleId = liveSaleRow(10_000, 10, 5, 600);
		String user = newUser();
		long coupon = newCouponId();
		long orderId = paidOrder(saleId, user, coupon, 500);
		stubDown("/api/points/uses/" + orderId + "/cancel", problem(500, "INTERNAL"));

		Response down = refund(orderId, user);

		assertThat(down.status()).as(down.body()).isEqualTo(503);
		assertThat(down.code()).isEqualTo("DEPENDENCY_UNAVAILABLE");
		assertThat(orderStatus(orderId)).isEqualTo("PAID");
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 2);

		freshCallees();
		assertThat(refund(orderId, user).status()).isEqualTo(200);
		assertThat(assertStockExact(saleId, 0)).containsExactly(0, 0);
	}

}
