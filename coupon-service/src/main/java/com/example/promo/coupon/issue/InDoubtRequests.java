package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.coupon.CouponErrorCode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * v3 requests whose publish the broker never acknowledged (DESIGN.md §3): the caller was
 * told 202, and the record may or may not be in the log. Each is kept in
 * {@code issue_in_doubt} and decided exactly once: by the consumer if the record arrives,
 * else, once {@code promo.coupon.issue.in-doubt-grace} has passed (longer than the
 * producer's {@code delivery.timeout.ms}, after which the producer never sends it again),
 * {@code REJECTED PUBLISH_FAILED} with its admission released. The sweep is idempotent
 * (the outcome's primary key decides), so any number of instances may run it.
 */
@Component
class InDoubtRequests {

	private static final Logger log = LoggerFactory.getLogger(InDoubtRequests.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final RequestDecisions decisions;

	private final IssueGate gate;

	private final IssueMetrics metrics;

	private final IssueProperties properties;

	private final Clock clock;

	InDoubtRequests(JdbcClient jdbc, PlatformTransactionManager transactionManager, RequestDecisions decisions,
			IssueGate gate, IssueMetrics metrics, IssueProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.decisions = decisions;
		this.gate = gate;
		this.metrics = metrics;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Keeps an unacknowledged request for deciding later. If even that fails (the
	 * database is down too), the request stays PENDING until its record arrives or the
	 * gate is reconciled.
	 * @param request the request, with the epoch of its admission
	 */
	void record(CouponIssueRequested request) {
		try {
			this.jdbc.sql("""
					insert into issue_in_doubt (request_id, coupon_id, user_id, gate_epoch, requested_at, resolve_after)
					values (?, ?, ?, ?, ?, ?)""")
				.params(request.requestId(), request.couponId(), request.userId(), request.gateEpoch(),
						RequestDecisions.utc(request.requestedAt()),
						RequestDecisions.utc(this.clock.instant().plus(this.properties.inDoubtGrace())))
				.update();
			this.metrics.inDoubt();
		}
		catch (RuntimeException ex) {
			log.error("In-doubt issue request {} not recorded; it is decided when its record arrives",
					request.requestId(), ex);
		}
	}

	/**
	 * Decides every in-doubt request whose grace has passed: REJECTED PUBLISH_FAILED
	 * unless the consumer decided it first.
	 * @return how many this call rejected
	 */
	@Scheduled(fixedDelayString = "${promo.coupon.issue.in-doubt-check-ms:1000}")
	int resolveDue() {
		List<CouponIssueRequested> due = this.jdbc.sql("""
				select request_id, coupon_id, user_id, gate_epoch, requested_at from issue_in_doubt
				where resolve_after <= ? order by resolve_after limit 500""")
			.param(RequestDecisions.utc(this.clock.instant()))
			.query((rs, row) -> new CouponIssueRequested(rs.getString(1), rs.getLong(2), rs.getString(3),
					rs.getString(4), rs.getObject(5, LocalDateTime.class).toInstant(ZoneOffset.UTC)))
			.list();
		int rejected = 0;
		for (CouponIssueRequested request : due) {
			if (Boolean.TRUE.equals(this.transactions.execute((tx) -> decide(request)))) {
				this.gate.release(new IssueGate.Admission(request.couponId(), request.userId(), request.gateEpoch()),
						null);
				this.metrics.refused(IssueStrategy.V3, CouponErrorCode.PUBLISH_FAILED);
				rejected++;
			}
		}
		if (rejected > 0) {
			log.warn("{} in-doubt issue requests never reached the consumer: REJECTED PUBLISH_FAILED", rejected);
		}
		return rejected;
	}

	private boolean decide(CouponIssueRequested request) {
		boolean rejected = this.decisions.rejectIfUndecided(request, CouponErrorCode.PUBLISH_FAILED);
		this.jdbc.sql("delete from issue_in_doubt where request_id = ?").param(request.requestId()).update();
		return rejected;
	}

}
