package com.example.promo.point.use;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import com.example.promo.common.issuing.GateSnapshotSource;
import com.example.promo.common.issuing.GateState;
import com.example.promo.point.ledger.Ledger;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * What the use gate of one account must hold: its spendable balance (Σ remaining of
 * unexpired lots, in points) as the stock, always open, no per-holder limit. The gate
 * lives until the account's earliest lot expiry (at most a day), so it is rebuilt without
 * the expired lot. The read runs in its own new REPEATABLE READ transaction, whatever the
 * caller's, so it includes every write committed before the rebuild.
 */
@Component
class UseGateSnapshot implements GateSnapshotSource {

	/** A gate lives at most this long before it is rebuilt from the database. */
	static final Duration MAX_LIFETIME = Duration.ofDays(1);

	private static final Instant NEVER = LocalDateTime.of(9999, 1, 1, 0, 0).toInstant(ZoneOffset.UTC);

	private final Ledger ledger;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	UseGateSnapshot(Ledger ledger, NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.ledger = ledger;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @param resourceId the user id
	 * @return an open gate holding the spendable balance; an unknown user holds 0 (never
	 * a not-found refusal)
	 */
	@Override
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ, propagation = Propagation.REQUIRES_NEW)
	public GateState read(String resourceId) {
		Instant now = this.clock.instant();
		long spendable = this.ledger.spendable(resourceId);
		LocalDateTime nextExpiry = this.jdbc.queryForObject("""
				select min(expires_at) from point_lot
				where user_id = :userId and expires_at > :now and remaining > 0""",
				Map.of("userId", resourceId, "now", utc(now)), LocalDateTime.class);
		Instant expiresAt = now.plus(MAX_LIFETIME);
		if (nextExpiry != null && nextExpiry.toInstant(ZoneOffset.UTC).isBefore(expiresAt)) {
			expiresAt = nextExpiry.toInstant(ZoneOffset.UTC);
		}
		return new GateState(true, Instant.EPOCH, NEVER, 0, 0, spendable, Map.of(), null, Map.of(), expiresAt);
	}

}
