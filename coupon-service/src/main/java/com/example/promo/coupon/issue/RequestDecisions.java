package com.example.promo.coupon.issue;

import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.OutcomeRecorder;
import com.example.promo.common.issuing.QueuedRequest;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * coupon-service's outcome table ({@code issue_request}) as the issuing kit needs it:
 * decides a queued request REJECTED from outside the consumer — a dead-lettered record,
 * an unacknowledged publish whose delivery window passed — unless it is decided already.
 * The primary key makes the first decision final: of the consumer and this, whichever
 * inserts the outcome first wins, and only the winner releases the admission.
 */
@Component
class RequestDecisions implements OutcomeRecorder {

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	RequestDecisions(NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public boolean rejectIfUndecided(QueuedRequest request, ErrorCode reason) {
		try {
			this.jdbc.update("""
					insert into issue_request (request_id, coupon_id, user_id, status, reason, issued_coupon_id,
					                           requested_at, processed_at)
					values (:requestId, :couponId, :userId, 'REJECTED', :reason, null, :requestedAt, :processedAt)""",
					Map.of("requestId", request.requestId(), "couponId", Long.parseLong(request.resourceId()), "userId",
							request.holderId(), "reason", reason.name(), "requestedAt", utc(request.requestedAt()),
							"processedAt", utc(this.clock.instant())));
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * A request is decided once it has an outcome, or issued a coupon (v1 with an
	 * Idempotency-Key records no outcome row).
	 */
	@Override
	public Set<String> decided(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(this.jdbc.queryForList("""
				select request_id from issue_request where request_id in (:ids)
				union select request_id from issued_coupon where request_id in (:ids)""", Map.of("ids", requestIds),
				String.class));
	}

}
