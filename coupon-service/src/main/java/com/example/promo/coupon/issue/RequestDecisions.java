package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import com.example.promo.coupon.CouponErrorCode;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Decides a queued request REJECTED from outside the consumer — a dead-lettered record,
 * an unacknowledged publish whose delivery window passed — unless it is decided already.
 * The {@code issue_request} primary key makes the first decision final: of the consumer
 * and this, whichever inserts the outcome first wins, and only the winner releases the
 * admission.
 */
@Component
class RequestDecisions {

	private final JdbcClient jdbc;

	private final Clock clock;

	RequestDecisions(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Records {@code REJECTED reason} for a request that has no outcome yet.
	 * @param request the request
	 * @param reason PUBLISH_FAILED or PROCESSING_FAILED
	 * @return {@code true} if this call decided it; {@code false} if it was decided
	 * before
	 */
	boolean rejectIfUndecided(CouponIssueRequested request, CouponErrorCode reason) {
		try {
			this.jdbc.sql("""
					insert into issue_request (request_id, coupon_id, user_id, status, reason, issued_coupon_id,
					                           requested_at, processed_at)
					values (?, ?, ?, 'REJECTED', ?, null, ?, ?)""")
				.params(request.requestId(), request.couponId(), request.userId(), reason.name(),
						utc(request.requestedAt()), utc(this.clock.instant()))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** DATETIME(6) columns hold UTC wall-clock time, as Hibernate writes them. */
	static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
