package com.example.promo.timesale.order;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.IssuingErrorCode;
import com.example.promo.timesale.TimesaleErrorCode;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * {@code order_request}: the decision of each queued (v3) order request, HELD with its
 * order or REJECTED with a reason code; its primary key (the request id) makes the first
 * decision final.
 */
@Repository
class OrderRequests {

	private final NamedParameterJdbcTemplate jdbc;

	OrderRequests(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param outcomes decisions to record
	 * @throws org.springframework.dao.DuplicateKeyException if one is recorded already
	 */
	void insertAll(List<Decided> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = outcomes.stream()
			.map((o) -> new MapSqlParameterSource("requestId", o.requestId()).addValue("saleId", o.saleId())
				.addValue("userId", o.userId())
				.addValue("quantity", o.quantity())
				.addValue("status", (o.orderId() != null) ? "HELD" : "REJECTED")
				.addValue("reason", (o.reason() != null) ? o.reason().name() : null)
				.addValue("orderId", o.orderId())
				.addValue("requestedAt", utc(o.requestedAt()))
				.addValue("processedAt", utc(o.processedAt())))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate("""
				insert into order_request (request_id, sale_id, user_id, quantity, status, reason, order_id,
				                           requested_at, processed_at)
				values (:requestId, :saleId, :userId, :quantity, :status, :reason, :orderId, :requestedAt,
				        :processedAt)""", rows);
	}

	/**
	 * @param requestIds request ids
	 * @return those with a decision, mutable
	 */
	Set<String> recorded(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return new HashSet<>();
		}
		return new HashSet<>(this.jdbc.queryForList("select request_id from order_request where request_id in (:ids)",
				Map.of("ids", requestIds), String.class));
	}

	/**
	 * Deletes the {@code REJECTED PROCESSING_FAILED} decisions among the given requests
	 * (dead letters an admin replayed), so the consumer decides them again.
	 * @param requestIds recorded request ids
	 * @return the ids reopened
	 */
	Set<String> reopenFailed(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return Set.of();
		}
		Map<String, Object> params = Map.of("ids", requestIds, "reason", IssuingErrorCode.PROCESSING_FAILED.name());
		Set<String> failed = new HashSet<>(this.jdbc.queryForList(
				"select request_id from order_request where request_id in (:ids) and reason = :reason", params,
				String.class));
		if (!failed.isEmpty()) {
			this.jdbc.update("delete from order_request where request_id in (:ids) and reason = :reason",
					Map.of("ids", failed, "reason", IssuingErrorCode.PROCESSING_FAILED.name()));
		}
		return failed;
	}

	/**
	 * @param requestId a request id
	 * @return its decision, or empty while it waits (or is unknown)
	 */
	Optional<Decided> find(String requestId) {
		return this.jdbc
			.query("select * from order_request where request_id = :id", Map.of("id", requestId), (row, i) -> {
				String reason = row.getString("reason");
				return new Decided(row.getString("request_id"), row.getLong("sale_id"), row.getString("user_id"),
						row.getInt("quantity"), (reason != null) ? TimesaleErrorCode.of(reason) : null,
						row.getObject("order_id", Long.class), instant(row, "requested_at"),
						instant(row, "processed_at"));
			})
			.stream()
			.findFirst();
	}

	/**
	 * One decided order request.
	 *
	 * @param requestId the request id
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param quantity units asked for
	 * @param reason the refusal when REJECTED, else {@code null}
	 * @param orderId the order when HELD, else {@code null}
	 * @param requestedAt when it was accepted
	 * @param processedAt when it was decided
	 */
	record Decided(String requestId, long saleId, String userId, int quantity, ErrorCode reason, Long orderId,
			Instant requestedAt, Instant processedAt) {
	}

}
