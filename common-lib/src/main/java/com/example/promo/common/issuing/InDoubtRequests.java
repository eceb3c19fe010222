package com.example.promo.common.issuing;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * v3 requests whose publish the broker never acknowledged (DESIGN.md §3): the caller was
 * told 202, and the record may or may not be in the log. Each is kept in the service's
 * {@code issue_in_doubt} table (its Flyway migration creates it) and decided exactly
 * once: by the consumer if the record arrives, else, once
 * {@code promo.issuing.in-doubt-grace} has passed (longer than the producer's
 * {@code delivery.timeout.ms}, after which the producer never sends it again),
 * {@code REJECTED PUBLISH_FAILED} with its admission released. The sweep is idempotent
 * (the outcome's primary key decides), so any number of instances may run it.
 */
class InDoubtRequests {

	private static final Logger log = LoggerFactory.getLogger(InDoubtRequests.class);

	private final String name;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final OutcomeRecorder outcomes;

	private final AdmissionGate gate;

	private final IssueMetrics metrics;

	private final IssuingProperties properties;

	private final Clock clock;

	InDoubtRequests(String name, JdbcClient jdbc, TransactionTemplate transactions, OutcomeRecorder outcomes,
			AdmissionGate gate, IssueMetrics metrics, IssuingProperties properties, Clock clock) {
		this.name = name;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.outcomes = outcomes;
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
	void record(QueuedRequest request) {
		try {
			this.jdbc.sql("""
					insert into issue_in_doubt (request_id, resource, resource_id, holder_id, units, period, gate_epoch,
					                            requested_at, resolve_after)
					values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(request.requestId(), this.name, request.resourceId(), request.holderId(), request.units(),
						request.period(), request.gateEpoch(), utc(request.requestedAt()),
						utc(this.clock.instant().plus(this.properties.inDoubtGrace())))
				.update();
			this.metrics.inDoubt();
		}
		catch (RuntimeException ex) {
			log.error("In-doubt {} request {} not recorded; it is decided when its record arrives", this.name,
					request.requestId(), ex);
		}
	}

	/**
	 * Decides every in-doubt request whose grace has passed: REJECTED PUBLISH_FAILED
	 * unless the consumer decided it first.
	 * @return how many this call rejected
	 */
	int resolveDue() {
		List<Unacknowledged> due = this.jdbc.sql("""
				select request_id, resource_id, holder_id, units, period, gate_epoch, requested_at from issue_in_doubt
				where resource = ? and resolve_after <= ? order by resolve_after limit 500""")
			.params(this.name, utc(this.clock.instant()))
			.query((rs, row) -> new Unacknowledged(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
					rs.getString(5), rs.getString(6), rs.getObject(7, LocalDateTime.class).toInstant(ZoneOffset.UTC)))
			.list();
		int rejected = 0;
		for (Unacknowledged request : due) {
			if (Boolean.TRUE.equals(this.transactions.execute((tx) -> decide(request)))) {
				this.gate.release(request.admission(), null);
				this.metrics.refused(IssueStrategy.V3, IssuingErrorCode.PUBLISH_FAILED);
				rejected++;
			}
		}
		if (rejected > 0) {
			log.warn("{} in-doubt {} requests never reached the consumer: REJECTED PUBLISH_FAILED", rejected,
					this.name);
		}
		return rejected;
	}

	private boolean decide(Unacknowledged request) {
		boolean rejected = this.outcomes.rejectIfUndecided(request, IssuingErrorCode.PUBLISH_FAILED);
		this.jdbc.sql("delete from issue_in_doubt where request_id = ?").param(request.requestId()).update();
		return rejected;
	}

	private record Unacknowledged(String requestId, String resourceId, String holderId, int units, String period,
			String gateEpoch, Instant requestedAt) implements QueuedRequest {
	}

}
