package com.example.promo.point.grant;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.example.promo.common.error.DomainException;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.Earning;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.ledger.Lot;
import com.example.promo.point.ledger.LotSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * Admin grants of points, idempotent per {@code sourceId} (DESIGN.md §4.2): the
 * {@code point_grant} row and the GRANT lot (ref = sourceId) are written in one
 * transaction, and both keys are unique, so concurrent duplicates write one lot; the
 * losers answer what the winner wrote.
 */
@Service
public class Grants {

	private static final int ATTEMPTS = 3;

	private final NamedParameterJdbcTemplate jdbc;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	Grants(NamedParameterJdbcTemplate jdbc, Ledger ledger, PlatformTransactionManager transactionManager, Clock clock) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/**
	 * Grants points into a new lot, or answers the grant already made with the same
	 * {@code sourceId} and body.
	 * @param request the grant
	 * @param grantedBy the admin (JWT subject)
	 * @return the grant as first answered
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED if the {@code sourceId} was granted
	 * with another user, amount, reason or validity; nothing is written
	 */
	public Grant grant(GrantRequest request, String grantedBy) {
		for (int attempt = 1;; attempt++) {
			Stored existing = find(request.sourceId());
			if (existing != null) {
				return replay(existing, request);
			}
			try {
				return this.transactions.execute((status) -> write(request, grantedBy));
			}
			catch (DuplicateKeyException ex) {
				// A concurrent grant of the same sourceId committed first: answer it.
				if (attempt == ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private Grant write(GrantRequest request, String grantedBy) {
		Instant now = this.clock.instant();
		Lot lot = this.ledger.earn(new Earning(request.userId(), request.amount(), LotSource.GRANT, request.sourceId(),
				now.plus(Duration.ofDays(request.validDays())), request.reason(), null, null));
		this.jdbc.update("""
				insert into point_grant (source_id, user_id, amount, reason, valid_days, lot_id, granted_by, created_at)
				values (:sourceId, :userId, :amount, :reason, :validDays, :lotId, :grantedBy, :now)""",
				new MapSqlParameterSource("sourceId", request.sourceId()).addValue("userId", request.userId())
					.addValue("amount", request.amount())
					.addValue("reason", request.reason())
					.addValue("validDays", request.validDays())
					.addValue("lotId", lot.lotId())
					.addValue("grantedBy", grantedBy)
					.addValue("now", utc(now)));
		return new Grant(lot.lotId(), lot.userId(), request.sourceId(), lot.amount(), lot.remaining(), lot.source(),
				lot.earnedAt(), lot.expiresAt());
	}

	private Grant replay(Stored existing, GrantRequest request) {
		boolean same = existing.userId().equals(request.userId()) && existing.grant().amount() == request.amount()
				&& existing.reason().equals(request.reason()) && existing.validDays() == request.validDays().intValue();
		if (!same) {
			throw new DomainException(PointErrorCode.IDEMPOTENCY_KEY_REUSED, "sourceId " + request.sourceId()
					+ " was already granted with another user, amount, reason or validDays; nothing was granted.");
		}
		return existing.grant();
	}

	private Stored find(String sourceId) {
		List<Stored> found = this.jdbc.query("""
				select g.source_id, g.user_id, g.amount, g.reason, g.valid_days, l.id as lot_id, l.earned_at,
				       l.expires_at
				from point_grant g join point_lot l on l.id = g.lot_id
				where g.source_id = :sourceId""", Map.of("sourceId", sourceId),
				(row, i) -> new Stored(
						new Grant(row.getLong("lot_id"), row.getString("user_id"), row.getString("source_id"),
								row.getLong("amount"), row.getLong("amount"), LotSource.GRANT,
								instant(row, "earned_at"), instant(row, "expires_at")),
						row.getString("user_id"), row.getString("reason"), row.getInt("valid_days")));
		return found.isEmpty() ? null : found.get(0);
	}

	/** A recorded grant with the body it was made with. */
	private record Stored(Grant grant, String userId, String reason, int validDays) {
	}

}
