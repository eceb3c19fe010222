package com.example.promo.point.join;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.example.promo.common.issuing.IssueStrategy;

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
 * {@code point_join}: its unique keys (promotion, user, user_seq), (promotion, user,
 * daily_key) and (request_id) refuse a second join the counts missed.
 */
@Repository
public class JoinRepository {

	private static final String INSERT = """
			insert into point_join (promotion_id, user_id, user_seq, joined_on, daily_key, reward_points, lot_id,
			                        request_id, strategy, joined_at)
			values (:promotionId, :userId, :seq, :joinedOn, :dailyKey, :rewardPoints, :lotId, :requestId, :strategy,
			        :joinedAt)""";

	private final NamedParameterJdbcTemplate jdbc;

	JoinRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param promotionId the promotion
	 * @param users the users to count, or {@code null} for all
	 * @return joins per user (only users with some), mutable
	 */
	Map<String, Integer> countPerUser(long promotionId, Collection<String> users) {
		return counts(
				"select user_id, count(*) from point_join where promotion_id = :id"
						+ ((users != null) ? " and user_id in (:users)" : "") + " group by user_id",
				new MapSqlParameterSource("id", promotionId).addValue("users", users));
	}

	/**
	 * @param promotionId a once-per-day promotion
	 * @param users the users to count, or {@code null} for all
	 * @param day a business day
	 * @return joins per user on that day (only users with some), mutable
	 */
	Map<String, Integer> countPerUserOn(long promotionId, Collection<String> users, LocalDate day) {
		return counts(
				"select user_id, count(*) from point_join where promotion_id = :id and daily_key = :day"
						+ ((users != null) ? " and user_id in (:users)" : "") + " group by user_id",
				new MapSqlParameterSource("id", promotionId).addValue("users", users).addValue("day", day));
	}

	/**
	 * @param required promotion ids (not empty)
	 * @param users users (not empty)
	 * @return those users who have joined every one of them
	 */
	Set<String> usersWhoJoinedAll(Collection<Long> required, Collection<String> users) {
		return new HashSet<>(this.jdbc.queryForList("""
				select user_id from point_join where promotion_id in (:required) and user_id in (:users)
				group by user_id having count(distinct promotion_id) = :n""",
				new MapSqlParameterSource("required", required).addValue("users", users)
					.addValue("n", new HashSet<>(required).size()),
				String.class));
	}

	/**
	 * What admission needs of a promotion before the gate: whether it is once per day,
	 * and whether the user has joined every promotion it requires (prerequisites only
	 * ever become true: a join is never undone).
	 * @param promotionId the promotion
	 * @param userId the user
	 * @return the check, or empty if there is no such promotion
	 */
	Optional<AdmissionCheck> admissionCheck(long promotionId, String userId) {
		return this.jdbc
			.query("""
					select p.once_per_day,
					       (select count(*) from point_promotion_prerequisite r
					        where r.promotion_id = p.id
					          and not exists (select 1 from point_join j
					                          where j.promotion_id = r.required_promotion_id and j.user_id = :userId))
					from point_promotion p where p.id = :id""", Map.of("id", promotionId, "userId", userId),
					(row, i) -> new AdmissionCheck(row.getBoolean(1), row.getInt(2)))
			.stream()
			.findFirst();
	}

	/**
	 * Inserts joins (in the caller's transaction).
	 * @param joins joins without ids (0)
	 * @param onceADay whether each one's promotion is once per day (its daily key is then
	 * its day), by request id
	 * @return the join ids by request id
	 * @throws org.springframework.dao.DuplicateKeyException if a unique key refuses one
	 */
	Map<String, Long> insertAll(List<Join> joins, Set<String> onceADay) {
		SqlParameterSource[] rows = joins.stream()
			.map((j) -> new MapSqlParameterSource("promotionId", j.promotionId()).addValue("userId", j.userId())
				.addValue("seq", j.userSeq())
				.addValue("joinedOn", j.joinedOn())
				.addValue("dailyKey", onceADay.contains(j.requestId()) ? j.joinedOn() : null)
				.addValue("rewardPoints", j.rewardPoints())
				.addValue("lotId", j.lotId())
				.addValue("requestId", j.requestId())
				.addValue("strategy", j.strategy().name())
				.addValue("joinedAt", utc(j.joinedAt())))
			.toArray(SqlParameterSource[]::new);
		if (rows.length == 1) {
			// One join (v1): its id straight from the insert, one round trip less under
			// the
			// promotion's lock.
			KeyHolder key = new GeneratedKeyHolder();
			this.jdbc.update(INSERT, rows[0], key, new String[] { "id" });
			return Map.of(joins.get(0).requestId(), key.getKey().longValue());
		}
		this.jdbc.batchUpdate(INSERT, rows);
		Map<String, Long> ids = new HashMap<>();
		this.jdbc.query("select request_id, id from point_join where request_id in (:ids)",
				Map.of("ids", joins.stream().map(Join::requestId).toList()), (row) -> {
					ids.put(row.getString(1), row.getLong(2));
				});
		return ids;
	}

	/**
	 * @param requestId a request id
	 * @return the join it made, any strategy
	 */
	public Optional<Join> findByRequestId(String requestId) {
		return this.jdbc.query("select * from point_join where request_id = :id", Map.of("id", requestId), this::map)
			.stream()
			.findFirst();
	}

	/**
	 * @param joinId a join id
	 * @return the join
	 */
	public Optional<Join> findById(long joinId) {
		return this.jdbc.query("select * from point_join where id = :id", Map.of("id", joinId), this::map)
			.stream()
			.findFirst();
	}

	/**
	 * @param userId the user
	 * @param pageable page and size
	 * @return the user's joins, newest first
	 */
	public Page<Join> ofUser(String userId, Pageable pageable) {
		MapSqlParameterSource params = new MapSqlParameterSource("userId", userId)
			.addValue("limit", pageable.getPageSize())
			.addValue("offset", pageable.getOffset());
		long total = this.jdbc.queryForObject("select count(*) from point_join where user_id = :userId", params,
				Long.class);
		List<Join> content = this.jdbc.query(
				"select * from point_join where user_id = :userId order by id desc limit :limit offset :offset", params,
				this::map);
		return new PageImpl<>(content, pageable, total);
	}

	private Map<String, Integer> counts(String sql, MapSqlParameterSource params) {
		Map<String, Integer> counts = new HashMap<>();
		this.jdbc.query(sql, params, (row) -> {
			counts.put(row.getString(1), row.getInt(2));
		});
		return counts;
	}

	private Join map(ResultSet row, int i) throws SQLException {
		return new Join(row.getLong("id"), row.getLong("promotion_id"), row.getString("user_id"),
				row.getInt("user_seq"), row.getObject("joined_on", LocalDate.class), row.getLong("reward_points"),
				row.getLong("lot_id"), row.getString("request_id"), IssueStrategy.valueOf(row.getString("strategy")),
				instant(row, "joined_at"));
	}

	/**
	 * A promotion as admission sees it.
	 *
	 * @param oncePerDay whether a user may join it once per business day
	 * @param missingPrerequisites required promotions the user has not joined
	 */
	record AdmissionCheck(boolean oncePerDay, int missingPrerequisites) {
	}

}
