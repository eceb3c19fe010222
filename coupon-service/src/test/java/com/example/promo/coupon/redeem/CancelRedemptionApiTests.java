package com.example.promo.coupon.redeem;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.promo.common.security.service.ServiceTokenMinter;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code cancel-redemption} (DESIGN.md §4.1): a trusted service or an admin undoes the
 * redemption of the order it names, once; nobody else, and for no other order.
 */
class CancelRedemptionApiTests extends IntegrationTestSupport {

	@Autowired
	private ServiceTokenMinter serviceTokens;

	private long issuedId;

	private String owner;

	@BeforeEach
	void redeemACouponForOrderOne() {
		this.owner = "cancel-" + System.nanoTime();
		Response issued = call("POST", "/api/coupons/" + createCoupon(1, 1) + "/issue", this.owner, null);
		this.issuedId = issued.json().get("id").asLong();
		Response redeemed = redeem("order-1");
		assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
	}

	private Response redeem(String orderId) {
		return call("POST", path("redeem"), this.owner, "{\"orderId\":\"" + orderId + "\",\"orderAmount\":20000}");
	}

	private String path(String action) {
		return "/api/coupons/issued/" + this.issuedId + "/" + action;
	}

	private Response cancelAs(String bearer, String orderId) {
		return callWithToken("POST", path("cancel-redemption"), bearer, "{\"orderId\":\"" + orderId + "\"}");
	}

	private Map<String, Object> row() {
		return this.jdbc.queryForMap("select status, order_id from issued_coupon where id = ?", this.issuedId);
	}

	@Test
	void aTrustedServiceUndoesTheRedemptionOfItsOrderOnce() {
		String timesale = this.serviceTokens.mint("timesale-service");

		Response first = cancelAs(timesale, "order-1");
		Response second = cancelAs(timesale, "order-1");

		assertThat(first.status()).as(first.body()).isEqualTo(200);
		assertThat(first.json().get("status").asString()).isEqualTo("ISSUED");
		assertThat(first.json().get("orderId").isNull()).isTrue();
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body()).isEqualTo(first.body());
		assertThat(row()).containsEntry("status", "ISSUED").containsEntry("order_id", null);
	}

	@Test
	void anAdminMayUndoARedemption() {
		Response cancelled = cancelAs(token("ops", "ADMIN"), "order-1");

		assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
		assertThat(row()).containsEntry("status", "ISSUED");
	}

	@Test
	void theOwnerMayNotEvenWithABadBody() {
		Response cancel = cancelAs(token(this.owner), "order-1");
		Response badBody = callWithToken("POST", path("cancel-redemption"), token(this.owner), "{}");

		assertThat(cancel.status()).isEqualTo(403);
		assertThat(cancel.code()).isEqualTo("FORBIDDEN");
		assertThat(badBody.status()).isEqualTo(403);
		assertThat(row()).containsEntry("status", "USED").containsEntry("order_id", "order-1");
	}

	@Test
	void aServiceTokenOfAnUntrustedSubjectIsRefused() {
		Response cancel = cancelAs(this.serviceTokens.mint("rogue-service"), "order-1");

		assertThat(cancel.status()).isEqualTo(403);
		assertThat(row()).containsEntry("status", "USED");
	}

	@Test
	void anotherOrderIsAMismatchAndChangesNothing() {
		Response cancel = cancelAs(this.serviceTokens.mint("timesale-service"), "order-2");

		assertThat(cancel.status()).isEqualTo(409);
		assertThat(cancel.code()).isEqualTo("ORDER_MISMATCH");
		assertThat(row()).containsEntry("status", "USED").containsEntry("order_id", "order-1");
	}

	@Test
	void aCouponRedeemedAgainForAnotherOrderIsNotFreedByTheOldOrder() {
		String timesale = this.serviceTokens.mint("timesale-service");
		assertThat(cancelAs(timesale, "order-1").status()).isEqualTo(200);
		assertThat(redeem("order-2").status()).isEqualTo(200);

		Response replayed = cancelAs(timesale, "order-1");

		assertThat(replayed.status()).isEqualTo(409);
		assertThat(replayed.code()).isEqualTo("ORDER_MISMATCH");
		assertThat(row()).containsEntry("status", "USED").containsEntry("order_id", "order-2");
	}

	@Test
	void anUnknownCouponIsNotFound() {
		Response cancel = callWithToken("POST", "/api/coupons/issued/" + Long.MAX_VALUE + "/cancel-redemption",
				this.serviceTokens.mint("timesale-service"), "{\"orderId\":\"order-1\"}");

		assertThat(cancel.status()).isEqualTo(404);
		assertThat(cancel.code()).isEqualTo("ISSUED_COUPON_NOT_FOUND");
	}

}
