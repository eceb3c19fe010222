package com.example.promo.point.promotion;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromotionApiTests extends PromotionTestSupport {

	private int promotions() {
		return this.jdbc.queryForObject("select count(*) from point_promotion", Integer.class);
	}

	private int prerequisites() {
		return this.jdbc.queryForObject("select count(*) from point_promotion_prerequisite", Integer.class);
	}

	@Test
	void adminCreatesAPromotionAndEveryoneReadsIt() {
		long required = createPromotion(null, null, false);
		Instant startsAt = Instant.parse("2026-01-01T00:00:00Z");
		Instant endsAt = Instant.now().plus(Duration.ofDays(30));

		Response created = call("POST", "/api/points/promotions", "admin",
				promotionJson(50, 3, true, startsAt, endsAt, required, required));

		assertThat(created.status()).as(created.body()).isEqualTo(201);
		long id = created.json().get("id").asLong();
		assertThat(created.header("Location")).isEqualTo("/api/points/promotions/" + id);
		Response read = call("GET", "/api/points/promotions/" + id, "someone", null);
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json().get("name").asString()).isEqualTo("Daily check-in");
		assertThat(read.json().get("rewardPoints").asLong()).isEqualTo(100);
		assertThat(read.json().get("rewardValidDays").asInt()).isEqualTo(30);
		assertThat(read.json().get("totalJoins").asInt()).isEqualTo(50);
		assertThat(read.json().get("joinedCount").asInt()).isZero();
		assertThat(read.json().get("remainingJoins").asInt()).isEqualTo(50);
		assertThat(read.json().get("maxJoinsPerUser").asInt()).isEqualTo(3);
		assertThat(read.json().get("oncePerDay").asBoolean()).isTrue();
		assertThat(read.json().get("requiredPromotionIds").get(0).asLong()).isEqualTo(required);
		assertThat(read.json().get("requiredPromotionIds").size()).isEqualTo(1);
		assertThat(Instant.parse(read.json().get("startsAt").asString())).isEqualTo(startsAt);
		assertThat(read.json().get("status").asString()).isEqualTo("ACTIVE");
	}

	@Test
	void anUnlimitedPromotionHasNoRemainingJoins() {
		long id = createPromotion(null, null, false);

		Response read = call("GET", "/api/points/promotions/" + id, "someone", null);

		assertThat(read.json().get("totalJoins").isNull()).isTrue();
		assertThat(read.json().get("remainingJoins").isNull()).isTrue();
		assertThat(read.json().get("maxJoinsPerUser").isNull()).isTrue();
		assertThat(read.json().get("requiredPromotionIds").isEmpty()).isTrue();
	}

	@Test
	void listsPromotionsNewestFirstInPagesAndByStatus() {
		long older = createPromotion(5, 1, false);
		long newer = createPromotion(5, 1, false);
		long paused = createPromotion(5, 1, false);
		call("PATCH", "/api/points/promotions/" + paused + "/status", "admin", "{\"status\":\"PAUSED\"}");

		Response page = call("GET", "/api/points/promotions?page=0&size=3", "someone", null);
		Response active = call("GET", "/api/points/promotions?status=ACTIVE&size=100", "someone", null);
		Response pausedOnly = call("GET", "/api/points/promotions?status=PAUSED&size=100", "someone", null);

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("content").get(0).get("id").asLong()).isEqualTo(paused);
		assertThat(page.json().get("content").get(1).get("id").asLong()).isEqualTo(newer);
		assertThat(page.json().get("content").get(2).get("id").asLong()).isEqualTo(older);
		assertThat(page.json().get("size").asInt()).isEqualTo(3);
		assertThat(page.json().get("totalElements").asLong()).isGreaterThanOrEqualTo(3);
		assertThat(active.json().get("content").findValuesAsString("status")).containsOnly("ACTIVE");
		assertThat(pausedOnly.json().get("content").findValuesAsString("status")).containsOnly("PAUSED");
		assertThat(pausedOnly.json().get("content").get(0).get("id").asLong()).isEqualTo(paused);
	}

	@Test
	void adminSwitchesAPromotion() {
		long id = createPromotion(5, 1, false);

		Response paused = call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{\"status\":\"PAUSED\"}");
		Response ended = call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{\"status\":\"ENDED\"}");

		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("status").asString()).isEqualTo("PAUSED");
		assertThat(paused.json().get("id").asLong()).isEqualTo(id);
		assertThat(ended.json().get("status").asString()).isEqualTo("ENDED");
		assertThat(call("GET", "/api/points/promotions/" + id, "someone", null).json().get("status").asString())
			.isEqualTo("ENDED");
	}

	@Test
	void rejectsBadInputNamingTheFieldAndWritesNothing() {
		int before = promotions();
		int prerequisitesBefore = prerequisites();
		Instant now = Instant.now();
		Instant later = now.plus(Duration.ofDays(1));
		String valid = promotionJson(10, 1, false, now, later);

		assertInvalid(valid.replace("\"Daily check-in\"", "\"\""), "name");
		assertInvalid(valid.replace("\"Daily check-in\"", "\"" + "n".repeat(101) + "\""), "name");
		assertInvalid(valid.replace("\"rewardPoints\":100", "\"rewardPoints\":0"), "rewardPoints");
		assertInvalid(valid.replace("\"rewardPoints\":100", "\"rewardPoints\":1000000001"), "rewardPoints");
		assertInvalid(valid.replace("\"rewardPoints\":100,", ""), "rewardPoints");
		assertInvalid(valid.replace("\"rewardValidDays\":30", "\"rewardValidDays\":0"), "rewardValidDays");
		assertInvalid(valid.replace("\"rewardValidDays\":30", "\"rewardValidDays\":3651"), "rewardValidDays");
		assertInvalid(valid.replace("\"totalJoins\":10", "\"totalJoins\":0"), "totalJoins");
		assertInvalid(valid.replace("\"totalJoins\":10", "\"totalJoins\":\"many\""), "totalJoins");
		assertInvalid(valid.replace("\"maxJoinsPerUser\":1", "\"maxJoinsPerUser\":-1"), "maxJoinsPerUser");
		assertInvalid(valid.replace("\"oncePerDay\":false,", ""), "oncePerDay");
		assertInvalid(valid.replace("\"oncePerDay\":false", "\"oncePerDay\":\"sometimes\""), "oncePerDay");
		assertInvalid(promotionJson(10, 1, false, now, later, 987654321L), "requiredPromotionIds");
		assertInvalid(promotionJson(10, 1, false, now, now), "endsAt");
		assertInvalid(promotionJson(10, 1, false, now, now.minusSeconds(1)), "endsAt");
		assertInvalid(valid.replace("\"startsAt\":\"" + now + "\",", ""), "startsAt");
		assertInvalid(valid.replace("\"" + later + "\"", "\"tomorrow\""), "endsAt");
		assertInvalid("{not json", "body");

		assertThat(promotions()).isEqualTo(before);
		assertThat(prerequisites()).isEqualTo(prerequisitesBefore);
	}

	@Test
	void rejectsABadStatusOrPageNamingTheField() {
		long id = createPromotion(5, 1, false);

		assertValidationFailed(
				call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{\"status\":\"OFF\"}"), "status");
		assertValidationFailed(call("PATCH", "/api/points/promotions/" + id + "/status", "admin", "{}"), "status");
		assertValidationFailed(call("GET", "/api/points/promotions?status=OFF", "someone", null), "status");
		assertValidationFailed(call("GET", "/api/points/promotions?size=101", "someone", null), "size");
		assertValidationFailed(call("GET", "/api/points/promotions?page=-1", "someone", null), "page");
		assertValidationFailed(call("GET", "/api/points/promotions/abc", "someone", null), "id");
		assertThat(call("GET", "/api/points/promotions/" + id, "someone", null).json().get("status").asString())
			.isEqualTo("ACTIVE");
	}

	private void assertInvalid(String body, String field) {
		Response response = call("POST", "/api/points/promotions", "admin", body);
		assertThat(response.header("Content-Type")).as(body).startsWith("application/problem+json");
		assertValidationFailed(response, field);
	}

	@Test
	void onlyAdminsCreateOrSwitchPromotions() {
		long id = createPromotion(5, 1, false);
		Instant now = Instant.now();
		int before = promotions();

		Response notAdmin = call("POST", "/api/points/promotions", "someone",
				promotionJson(5, 1, false, now, now.plusSeconds(60)));
		Response noToken = call("POST", "/api/points/promotions", null,
				promotionJson(5, 1, false, now, now.plusSeconds(60)));
		Response switchNotAdmin = call("PATCH", "/api/points/promotions/" + id + "/status", "someone",
				"{\"status\":\"PAUSED\"}");

		assertThat(notAdmin.status()).isEqualTo(403);
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(switchNotAdmin.status()).isEqualTo(403);
		assertThat(promotions()).isEqualTo(before);
		assertThat(call("GET", "/api/points/promotions/" + id, "someone", null).json().get("status").asString())
			.isEqualTo("ACTIVE");
	}

	@Test
	void unknownPromotionIsNotFound() {
		Response response = call("GET", "/api/points/promotions/987654321", "someone", null);

		assertThat(response.status()).isEqualTo(404);
		assertThat(response.code()).isEqualTo("PROMOTION_NOT_FOUND");
		Response patch = call("PATCH", "/api/points/promotions/987654321/status", "admin", "{\"status\":\"PAUSED\"}");
		assertThat(patch.status()).isEqualTo(404);
		assertThat(patch.code()).isEqualTo("PROMOTION_NOT_FOUND");
	}

}
