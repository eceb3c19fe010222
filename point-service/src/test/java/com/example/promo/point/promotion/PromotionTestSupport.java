package com.example.promo.point.promotion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.example.promo.point.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Integration support for promotion and join tests: creating promotions through the admin
 * API and reading their joins from the database.
 */
public abstract class PromotionTestSupport extends IntegrationTestSupport {

	/**
	 * Creates an open promotion (window from a minute ago to a day ahead), 100 points
	 * valid 30 days.
	 * @param totalJoins joins in all, or {@code null} for unlimited
	 * @param maxJoinsPerUser joins per user, or {@code null} for unlimited
	 * @param oncePerDay once per business day
	 * @param required required promotion ids
	 * @return its id
	 */
	protected long createPromotion(Integer totalJoins, Integer maxJoinsPerUser, boolean oncePerDay, Long... required) {
		return createPromotion(totalJoins, maxJoinsPerUser, oncePerDay, Instant.now().minusSeconds(60),
				Instant.now().plus(Duration.ofDays(1)), required);
	}

	/**
	 * Creates a promotion, 100 points valid 30 days.
	 * @param totalJoins joins in all, or {@code null} for unlimited
	 * @param maxJoinsPerUser joins per user, or {@code null} for unlimited
	 * @param oncePerDay once per business day
	 * @param startsAt window start
	 * @param endsAt window end
	 * @param required required promotion ids
	 * @return its id
	 */
	protected long createPromotion(Integer totalJoins, Integer maxJoinsPerUser, boolean oncePerDay, Instant startsAt,
			Instant endsAt, Long... required) {
		Response created = call("POST", "/api/points/promotions", "admin",
				promotionJson(totalJoins, maxJoinsPerUser, oncePerDay, startsAt, endsAt, required));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	/**
	 * @param totalJoins joins in all, or {@code null}
	 * @param maxJoinsPerUser joins per user, or {@code null}
	 * @param oncePerDay once per business day
	 * @param startsAt window start
	 * @param endsAt window end
	 * @param required required promotion ids
	 * @return a valid body: 100 points valid 30 days
	 */
	protected static String promotionJson(Integer totalJoins, Integer maxJoinsPerUser, boolean oncePerDay,
			Instant startsAt, Instant endsAt, Long... required) {
		return """
				{"name":"Daily check-in","rewardPoints":100,"rewardValidDays":30,"totalJoins":%s,
				 "maxJoinsPerUser":%s,"oncePerDay":%s,"requiredPromotionIds":[%s],"startsAt":"%s","endsAt":"%s"}
				""".formatted(totalJoins, maxJoinsPerUser, oncePerDay,
				List.of(required).stream().map(String::valueOf).collect(Collectors.joining(",")), startsAt, endsAt);
	}

	/**
	 * @param promotionId a promotion
	 * @return its rows in {@code point_join}
	 */
	protected int joinRows(long promotionId) {
		return this.jdbc.queryForObject("select count(*) from point_join where promotion_id = ?", Integer.class,
				promotionId);
	}

	/**
	 * @param promotionId a promotion
	 * @return its {@code joined_count}
	 */
	protected int joinedCount(long promotionId) {
		return this.jdbc.queryForObject("select joined_count from point_promotion where id = ?", Integer.class,
				promotionId);
	}

	/**
	 * @param path a join path with its query
	 * @param userId the caller
	 * @return the response of a join POST
	 */
	protected Response join(String path, String userId) {
		return call("POST", path, userId, null);
	}

}
