package com.example.promo.point.promotion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * {@code point_promotion} and {@code point_promotion_prerequisite}, in the caller's
 * transaction. The join counter only moves through {@link #take}, a conditional update
 * the schema's CHECK backs.
 */
@Repository
public class PromotionRepository {

	private final NamedParameterJdbcTemplate jdbc;

	PromotionRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts an ACTIVE promotion with no joins, and its prerequisites.
	 * @param request a request that passed validation
	 * @param now the moment of creation
	 * @return the new promotion's id
	 */
	long insert(CreatePromotionRequest request, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update("""
				insert into point_promotion (name, reward_points, reward_valid_days, total_joins, joined_count,
				                             max_joins_per_user, once_per_day, starts_at, ends_at, status, created_at,
				                             updated_at)
				values (:name, :rewardPoints, :rewardValidDays, :totalJoins, 0, :maxJoinsPerUser, :oncePerDay,
				        :startsAt, :endsAt, 'ACTIVE', :now, :now)""",
				new MapSqlParameterSource("name", request.name().strip())
					.addValue("rewardPoints", request.rewardPoints())
					.addValue("rewardValidDays", request.rewardValidDays())
					.addValue("totalJoins", request.totalJoins())
					.addValue("maxJoinsPerUser", request.maxJoinsPerUser())
					.addValue("oncePerDay", request.oncePerDay())
					.addValue("startsAt", utc(request.startsAt()))
					.addValue("endsAt", utc(request.endsAt()))
					.addValue("now", utc(now)),
				key, new String[] { "id" });
		long id = key.getKey().longValue();
		SqlParameterSource[] rows = request.requiredIds()
			.stream()
			.map((required) -> new MapSqlParameterSource("id", id).addValue("required", required))
			.toArray(SqlParameterSource[]::new);
		if (rows.length > 0) {
			this.jdbc.batchUpdate("""
					insert into point_promotion_prerequisite (promotion_id, required_promotion_id)
					values (:id, :required)""", rows);
		}
		return id;
	}

	/**
	 * @param ids promotion ids
	 * @return those that exist
	 */
	Set<Long> existing(Collection<Long> ids) {
		if (ids.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.queryForList("select id from point_promotion where id in (:ids)",
				Map.of("ids", ids), Long.class));
	}

	/**
	 * @param id a promotion id
	 * @return the promotion as committed, with its prerequisites
	 */
	public Optional<Promotion> find(long id) {
		return one("select * from point_promotion where id = :id", id);
	}

	/**
	 * Locks the promotion's row until commit ({@code SELECT … FOR UPDATE}): every join of
	 * it, whatever the strategy, is decided under this lock. Needs a transaction.
	 * @param id a promotion id
	 * @return the locked promotion, with its prerequisites
	 */
	public Optional<Promotion> lock(long id) {
		return one("select * from point_promotion where id = :id for update", id);
	}

	/**
	 * @param status only promotions of this status, or {@code null} for all
	 * @param pageable page and size; newest first
	 * @return a page of promotions, with their prerequisites
	 */
	Page<Promotion> list(PromotionStatus status, Pageable pageable) {
		MapSqlParameterSource params = new MapSqlParameterSource("status", (status != null) ? status.name() : null)
			.addValue("limit", pageable.getPageSize())
			.addValue("offset", pageable.getOffset());
		String where = (status != null) ? " where status = :status" : "";
		long total = this.jdbc.queryForObject("select count(*) from point_promotion" + where, params, Long.class);
		List<Promotion> content = this.jdbc.query(
				"select * from point_promotion" + where + " order by id desc limit :limit offset :offset", params,
				(row, i) -> map(row));
		return new PageImpl<>(withPrerequisites(content), pageable, total);
	}

	/**
	 * @param id a promotion id
	 * @param status the new status
	 * @param now the moment of the change
	 * @return rows changed (0: no such promotion)
	 */
	int changeStatus(long id, PromotionStatus status, Instant now) {
		return this.jdbc.update("update point_promotion set status = :status, updated_at = :now where id = :id",
				Map.of("id", id, "status", status.name(), "now", utc(now)));
	}

	/**
	 * Takes joins: {@code joined_count + n <= total_joins} (or unlimited), conditionally.
	 * @param id a promotion id
	 * @param joins joins to take (&gt; 0)
	 * @param now the moment
	 * @return 1 if taken, 0 if not enough were left
	 */
	public int take(long id, int joins, Instant now) {
		return this.jdbc.update("""
				update point_promotion set joined_count = joined_count + :n, updated_at = :now
				where id = :id and (total_joins is null or joined_count + :n <= total_joins)""",
				Map.of("id", id, "n", joins, "now", utc(now)));
	}

	private Optional<Promotion> one(String sql, long id) {
		List<Promotion> found = this.jdbc.query(sql, Map.of("id", id), (row, i) -> map(row));
		return withPrerequisites(found).stream().findFirst();
	}

	private List<Promotion> withPrerequisites(List<Promotion> promotions) {
		if (promotions.isEmpty()) {
			return promotions;
		}
		Map<Long, List<Long>> required = new HashMap<>();
		this.jdbc.query("""
				select promotion_id, required_promotion_id from point_promotion_prerequisite
				where promotion_id in (:ids) order by promotion_id, required_promotion_id""",
				Map.of("ids", promotions.stream().map(Promotion::id).toList()), (row) -> {
					required.computeIfAbsent(row.getLong(1), (id) -> new ArrayList<>()).add(row.getLong(2));
				});
		return promotions.stream().map((p) -> p.withRequired(required.getOrDefault(p.id(), List.of()))).toList();
	}

	private static Promotion map(ResultSet row) throws SQLException {
		return new Promotion(row.getLong("id"), row.getString("name"), row.getLong("reward_points"),
				row.getInt("reward_valid_days"), row.getObject("total_joins", Integer.class),
				row.getInt("joined_count"), row.getObject("max_joins_per_user", Integer.class),
				row.getBoolean("once_per_day"), List.of(), instant(row, "starts_at"), instant(row, "ends_at"),
				PromotionStatus.valueOf(row.getString("status")), instant(row, "created_at"),
				instant(row, "updated_at"));
	}

}
