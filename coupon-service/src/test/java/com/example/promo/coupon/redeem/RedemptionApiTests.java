package com.example.promo.coupon.redeem;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class RedemptionApiTests extends IntegrationTestSupport {

	private long issue(long couponId, String userId) {
		Response issued = call("POST", "/api/coupons/" + couponId + "/issue", userId, null);
		assertThat(issued.status()).isEqualTo(201);
		return issued.json().get("id").asLong();
	}

	private String statusOf(long issuedId, String userId) {
		return call("GET", "/api/coupons/issued/" + issuedId, userId, null).json().get("status").asString();
	}

	private long percentCoupon() {
		Response created = call("POST", "/api/coupons", "admin", """
				{"name":"15%% up to 3000","discountType":"PERCENT","discountValue":15,"maxDiscountAmount":3000,
				 "minOrderAmount":10000,"totalQuantity":10,"issueStartsAt":"%s","issueEndsAt":"%s","validDays":1}
				""".formatted(Instant.now().minusSeconds(5), Instant.now().plus(Duration.ofDays(1))));
		return created.json().get("id").asLong();
	}

	@Test
	void redeemsOnceForAnOrderAndRepliesTheSameToARetry() {
		long issuedId = issue(percentCoupon(), "shopper-1");
		String body = "{\"orderId\":\"order-1\",\"orderAmount\":12345}";

		Response first = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "shopper-1", body);
		Response retry = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "shopper-1", body);
		Response otherOrder = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "shopper-1",
				"{\"orderId\":\"order-2\",\"orderAmount\":50000}");

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().get("discountAmount").asLong()).isEqualTo(1851);
		assertThat(first.json().get("payableAmount").asLong()).isEqualTo(12345 - 1851);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(otherOrder.status()).isEqualTo(409);
		assertThat(otherOrder.code()).isEqualTo("COUPON_ALREADY_USED");
		assertThat(statusOf(issuedId, "shopper-1")).isEqualTo("USED");
	}

	@Test
	void capsAPercentDiscountAndEnforcesTheMinimumOrder() {
		long couponId = percentCoupon();
		long capped = issue(couponId, "shopper-2");
		long small = issue(couponId, "shopper-3");

		Response big = call("POST", "/api/coupons/issued/" + capped + "/redeem", "shopper-2",
				"{\"orderId\":\"big\",\"orderAmount\":100000}");
		Response tooSmall = call("POST", "/api/coupons/issued/" + small + "/redeem", "shopper-3",
				"{\"orderId\":\"small\",\"orderAmount\":9999}");

		assertThat(big.json().get("discountAmount").asLong()).isEqualTo(3000);
		assertThat(tooSmall.status()).isEqualTo(409);
		assertThat(tooSmall.code()).isEqualTo("MIN_ORDER_AMOUNT_NOT_MET");
		assertThat(statusOf(small, "shopper-3")).isEqualTo("ISSUED");
	}

	@Test
	void anotherUsersCouponIsNotFoundAndUntouched() {
		long issuedId = issue(percentCoupon(), "shopper-5");

		Response redeem = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "thief",
				"{\"orderId\":\"o-1\",\"orderAmount\":20000}");

		assertThat(redeem.status()).isEqualTo(404);
		assertThat(redeem.code()).isEqualTo("ISSUED_COUPON_NOT_FOUND");
		assertThat(statusOf(issuedId, "shopper-5")).isEqualTo("ISSUED");
	}

	@Test
	void expiredCouponsCannotBeRedeemed() {
		long issuedId = issue(percentCoupon(), "shopper-6");
		this.jdbc.update("update issued_coupon set expires_at = ? where id = ?",
				java.sql.Timestamp.from(Instant.now().minusSeconds(1)), issuedId);

		Response redeem = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "shopper-6",
				"{\"orderId\":\"late\",\"orderAmount\":20000}");

		assertThat(redeem.status()).isEqualTo(409);
		assertThat(redeem.code()).isEqualTo("COUPON_EXPIRED");
		assertThat(statusOf(issuedId, "shopper-6")).isEqualTo("EXPIRED");
	}

	@Test
	void redeemsTheLargestOrderAmount() {
		long issuedId = issue(percentCoupon(), "shopper-9");

		Response largest = call("POST", "/api/coupons/issued/" + issuedId + "/redeem", "shopper-9",
				"{\"orderId\":\"largest\",\"orderAmount\":1000000000000}");

		assertThat(largest.status()).as(largest.body()).isEqualTo(200);
		assertThat(largest.json().get("discountAmount").asLong()).isEqualTo(3000);
	}

}
