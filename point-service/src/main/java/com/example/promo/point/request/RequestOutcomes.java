package com.example.promo.point.request;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.OutcomeRecorder;
import com.example.promo.common.issuing.QueuedRequest;
import com.example.promo.common.issuing.RequestOutcome;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * One request kind's outcomes as the issuing kit needs them: decides a queued request
 * REJECTED from outside the consumer (a dead letter, an unacknowledged publish past its
 * delivery window) unless decided already — the primary key makes the first decision
 * final — and says which requests are decided, counting effects written without an
 * outcome row (v1 writes its use or join with the request id, and no outcome).
 */
public class RequestOutcomes implements OutcomeRecorder {

	private final RequestKind kind;

	private final String effectTable;

	private final PointRequests requests;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	/**
	 * @param kind the request kind
	 * @param effectTable the table of its effects, with a unique {@code request_id}
	 * ({@code point_use}, {@code point_join})
	 * @param requests the outcome table
	 * @param jdbc the database
	 * @param clock the clock
	 */
	public RequestOutcomes(RequestKind kind, String effectTable, PointRequests requests,
			NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.kind = kind;
		this.effectTable = effectTable;
		this.requests = requests;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public boolean rejectIfUndecided(QueuedRequest request, ErrorCode reason) {
		if (!decided(List.of(request.requestId())).isEmpty()) {
			return false;
		}
		try {
			this.requests.insertAll(
					List.of(new PointRequest(request.requestId(), this.kind, request.resourceId(), request.holderId(),
							RequestOutcome.REJECTED, reason, null, request.requestedAt(), this.clock.instant())));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	@Override
	public Set<String> decided(Collection<String> requestIds) {
		Set<String> decided = this.requests.recorded(requestIds);
		if (!requestIds.isEmpty()) {
			decided.addAll(
					this.jdbc.queryForList("select request_id from " + this.effectTable + " where request_id in (:ids)",
							Map.of("ids", requestIds), String.class));
		}
		return decided;
	}

}
