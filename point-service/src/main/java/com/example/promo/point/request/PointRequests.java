package com.example.promo.point.request;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.example.promo.common.issuing.IssuingErrorCode;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.point.PointErrorCode;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * The {@code point_request} outcome table, shared by uses and joins: batch writers record
 * outcomes here in their transaction; its primary key (the request id) makes the first
 * decision final and a redelivered request a no-op.
 */
@Component
public class PointRequests {

	private final NamedParameterJdbcTemplate jdbc;

	PointRequests(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts outcomes (in the caller's transaction).
	 * @param outcomes the outcomes
	 * @throws org.springframework.dao.DuplicateKeyException if one is recorded already
	 */
	public void insertAll(List<PointRequest> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = outcomes.stream()
			.map((o) -> new MapSqlParameterSource("requestId", o.requestId()).addValue("kind", o.kind().name())
				.addValue("resourceId", o.resourceId())
				.addValue("userId", o.userId())
				.addValue("status", PointRequest.statusName(o.outcome()))
				.addValue("reason", (o.reason() != null) ? o.reason().name() : null)
				.addValue("useId", (o.kind() == RequestKind.USE) ? o.effectId() : null)
				.addValue("joinId", (o.kind() == RequestKind.JOIN) ? o.effectId() : null)
				.addValue("requestedAt", utc(o.requestedAt()))
				.addValue("processedAt", utc(o.processedAt())))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate("""
				insert into point_request (request_id, kind, resource_id, user_id, status, reason, use_id, join_id,
				                           requested_at, processed_at)
				values (:requestId, :kind, :resourceId, :userId, :status, :reason, :useId, :joinId, :requestedAt,
				        :processedAt)""", rows);
	}

	/**
	 * @param requestIds request ids
	 * @return those with an outcome
	 */
	public Set<String> recorded(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return new HashSet<>();
		}
		return new HashSet<>(this.jdbc.queryForList("select request_id from point_request where request_id in (:ids)",
				Map.of("ids", requestIds), String.class));
	}

	/**
	 * Deletes the {@code REJECTED PROCESSING_FAILED} outcomes among the given requests
	 * (dead letters an admin replayed), so the consumer decides them again.
	 * @param requestIds recorded request ids
	 * @return the ids reopened
	 */
	public Set<String> reopenFailed(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return Set.of();
		}
		Map<String, Object> params = Map.of("ids", requestIds, "reason", IssuingErrorCode.PROCESSING_FAILED.name());
		Set<String> failed = new HashSet<>(this.jdbc.queryForList(
				"select request_id from point_request where request_id in (:ids) and reason = :reason", params,
				String.class));
		if (!failed.isEmpty()) {
			this.jdbc.update("delete from point_request where request_id in (:ids) and reason = :reason",
					Map.of("ids", failed, "reason", IssuingErrorCode.PROCESSING_FAILED.name()));
		}
		return failed;
	}

	/**
	 * @param requestId a request id
	 * @return its outcome, or empty while PENDING or unknown
	 */
	public Optional<PointRequest> find(String requestId) {
		return this.jdbc
			.query("select * from point_request where request_id = :id", Map.of("id", requestId), (row, i) -> {
				RequestKind kind = RequestKind.valueOf(row.getString("kind"));
				boolean done = "DONE".equals(row.getString("status"));
				String reason = row.getString("reason");
				long effect = row.getLong((kind == RequestKind.USE) ? "use_id" : "join_id");
				return new PointRequest(row.getString("request_id"), kind, row.getString("resource_id"),
						row.getString("user_id"), done ? RequestOutcome.SUCCEEDED : RequestOutcome.REJECTED,
						(reason != null) ? PointErrorCode.of(reason) : null, done ? effect : null,
						instant(row, "requested_at"), instant(row, "processed_at"));
			})
			.stream()
			.findFirst();
	}

}
