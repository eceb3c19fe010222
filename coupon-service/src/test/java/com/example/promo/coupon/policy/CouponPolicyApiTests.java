package com.example.promo.coupon.policy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

class CouponPolicyApiTests extends IntegrationTestSupport {

	private int policies() {
		return this.jdbc.queryForObject("select count(*) from coupon_policy", Integer.class);
	}

	@Test
	void adminCreatesACouponAndEveryoneReadsIt() {
		Response created = call("POST", "/api/coupons", "admin", """
				{"name":"Flash 10%%","discountType":"PERCENT","discountValue":10,"maxDiscountAmount":5000,
				 "totalQuantity":50,"issueStartsAt":"%s","issueEndsAt":"%s","validDays":30}
				""".formatted(Instant.now(), Instant.now().plus(Duration.ofHours(1))));

		assertThat(created.status()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/coupons/" + id);
		Response read = call("GET", "/api/coupons/" + id, "someone", null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("perUserLimit").asInt()).isEqualTo(1);
		assertThat(read.json().get("minOrderAmount").asLong()).isZero();
		assertThat(read.json().get("issuedQuantity").asInt()).isZero();
		assertThat(read.json().get("remainingQuantity").asInt()).isEqualTo(50);
		assertThat(read.json().get("status").asString()).isEqualTo("ACTIVE");
	}

	@Test
	void listsCouponsNewestFirstInPages() {
		long older = createCoupon(5, 1);
		long newer = createCoupon(5, 1);

		Response page = call("GET", "/api/coupons?page=0&size=2", "someone", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("content").get(0).get("id").asLong()).isEqualTo(newer);
		assertThat(page.json().get("content").get(1).get("id").asLong()).isEqualTo(older);
		assertThat(page.json().get("size").asInt()).isEqualTo(2);
		assertThat(page.json().get("totalElements").asLong()).isGreaterThanOrEqualTo(2);
	}

	@Test
	void readsTheDeepestAllowedPageFromTheDatabase() {
		Response deepest = call("GET", "/api/coupons?page=10000&size=100", "someone", null);
		assertThat(deepest.status()).isEqualTo(200);
		assertThat(deepest.json().get("content").isEmpty()).isTrue();
	}

	@Test
	void rejectsFieldsThatBreakARuleAcrossFieldsNamingTheFieldAndWritesNothing() {
		int before = policies();
		Instant now = Instant.now();

		assertInvalid(couponJson(10, 11, now, now.plusSeconds(60)), "perUserLimit");
		assertInvalid(couponJson(10, 1, now, now.minusSeconds(60)), "issueEndsAt");
		assertInvalid(couponJson(10, 1, now.minusSeconds(120), now.minusSeconds(60)), "issueEndsAt");
		assertInvalid(couponJson(10, 1, now, now.plusSeconds(60)).replace("\"FIXED\",\"discountValue\":1000",
				"\"PERCENT\",\"discountValue\":101"), "discountValue");

		assertThat(policies()).isEqualTo(before);
	}

	private void assertInvalid(String body, String field) {
		Response response = call("POST", "/api/coupons", "admin", body);
		assertThat(response.status()).as(body).isEqualTo(400);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(response.json().get("errors").findValuesAsString("field")).as(response.body()).contains(field);
	}

	@Test
	void onlyAdminsCreateOrSwitchCouponsAndOnlyWithAToken() {
		long id = createCoupon(5, 1);
		Instant now = Instant.now();
		int before = policies();

		Response notAdmin = call("POST", "/api/coupons", "someone", couponJson(5, 1, now, now.plusSeconds(60)));
		Response noToken = call("POST", "/api/coupons", null, couponJson(5, 1, now, now.plusSeconds(60)));
		Response badToken = call("GET", "/api/coupons/" + id, null, null, "Authorization", "Bearer not.a.jwt");
		Response switchNotAdmin = call("PATCH", "/api/coupons/" + id + "/status", "someone", "{\"status\":\"PAUSED\"}");

		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(notAdmin.code()).isEqualTo("FORBIDDEN");
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(noToken.code()).isEqualTo("UNAUTHORIZED");
		assertThat(badToken.status()).isEqualTo(401);
		assertThat(switchNotAdmin.status()).isEqualTo(403);
		assertThat(policies()).isEqualTo(before);
		assertThat(call("GET", "/api/coupons/" + id, "someone", null).json().get("status").asString())
			.isEqualTo("ACTIVE");
	}

	@Test
	void unknownCouponIsNotFound() {
		Response response = call("GET", "/api/coupons/987654321", "someone", null);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("COUPON_NOT_FOUND");
		assertThat(call("PATCH", "/api/coupons/987654321/status", "admin", "{\"status\":\"PAUSED\"}").status())
			.isEqualTo(404);
	}

	@Test
	void killSwitchStopsEveryStrategyAndReopens() {
		long id = createCoupon(10, 1);
		assertThat(call("POST", "/api/coupons/" + id + "/issue", "warm-" + id, null).status()).isEqualTo(201);

		Response paused = call("PATCH", "/api/coupons/" + id + "/status", "admin", "{\"status\":\"PAUSED\"}");

		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("status").asString()).isEqualTo("PAUSED");
		assertThat(paused.json().get("issuedQuantity").asInt()).isEqualTo(1);
		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			Response refused = call("POST", "/api/coupons/" + id + "/issue?strategy=" + strategy, "paused-" + strategy,
					null);
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("COUPON_NOT_OPEN");
		}
		assertThat(issuedRows(id)).isEqualTo(1);

		call("PATCH", "/api/coupons/" + id + "/status", "admin", "{\"status\":\"ACTIVE\"}");
		assertThat(call("POST", "/api/coupons/" + id + "/issue?strategy=v2", "reopened-" + id, null).status())
			.isEqualTo(201);
	}

	@Test
	void refusesOutsideTheIssueWindow() {
		Response future = call("POST", "/api/coupons", "admin",
				couponJson(10, 1, Instant.now().plus(Duration.ofHours(1)), Instant.now().plus(Duration.ofHours(2))));
		long id = future.json().get("id").asLong();

		for (String strategy : new String[] { "v1", "v2", "v3" }) {
			Response refused = call("POST", "/api/coupons/" + id + "/issue?strategy=" + strategy, "early", null);
			assertThat(refused.status()).isEqualTo(409);
			assertThat(refused.code()).isEqualTo("COUPON_NOT_OPEN");
			assertThat(refused.header("X-Strategy")).isEqualTo(strategy);
		}
		assertThat(issuedRows(id)).isZero();
	}

}
