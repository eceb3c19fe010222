package com.example.promo.point.balance;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * Users' spendable balances, read through the {@link BalanceCache} (cache-aside): a miss
 * reads the lots and caches the answer until its figures would change by themselves.
 * Expired lots never count, whether or not the expiry sweep has written them off yet.
 */
@Service
public class Balances {

	/** The window of {@link PointBalance#expiringWithin30Days()}. */
	public static final Duration EXPIRING_WINDOW = Duration.ofDays(30);

	private final NamedParameterJdbcTemplate jdbc;

	private final BalanceCache cache;

	private final Clock clock;

	Balances(NamedParameterJdbcTemplate jdbc, BalanceCache cache, Clock clock) {
		this.jdbc = jdbc;
		this.cache = cache;
		this.clock = clock;
	}

	/**
	 * @param userId the user (an unknown user has balance 0)
	 * @return what the user can spend now, in points
	 */
	public PointBalance of(String userId) {
		Instant now = this.clock.instant();
		BalanceCache.Lookup lookup = this.cache.lookup(userId, now);
		if (lookup.hit() != null) {
			return lookup.hit();
		}
		Read read = read(userId, now);
		this.cache.offer(lookup, read.balance(), read.validFor(now));
		return read.balance();
	}

	/**
	 * Reads the balance from the database, bypassing the cache.
	 * @param userId the user
	 * @return what the user can spend now, in points
	 */
	public PointBalance read(String userId) {
		return read(userId, this.clock.instant()).balance();
	}

	private Read read(String userId, Instant now) {
		return this.jdbc.queryForObject("""
				select coalesce(sum(remaining), 0) as balance,
				       coalesce(sum(case when expires_at <= :soon then remaining else 0 end), 0) as expiring,
				       min(expires_at) as next_expires_at,
				       min(case when expires_at > :soon then expires_at end) as next_entering_window
				from point_lot
				where user_id = :userId and expires_at > :now and remaining > 0""",
				Map.of("userId", userId, "now", utc(now), "soon", utc(now.plus(EXPIRING_WINDOW))),
				(row, i) -> new Read(new PointBalance(userId, row.getLong("balance"), row.getLong("expiring"),
						instant(row, "next_expires_at")), instant(row, "next_entering_window")));
	}

	/**
	 * A balance read from the database.
	 *
	 * @param balance the figures
	 * @param nextEnteringWindow the earliest expiry beyond the 30-day window (the moment
	 * {@code expiringWithin30Days} grows by itself), or {@code null}
	 */
	private record Read(PointBalance balance, Instant nextEnteringWindow) {

		/**
		 * @return how long the figures stay true without a change: until the next lot
		 * expires or the next lot enters the 30-day window; {@code null} if forever
		 */
		Duration validFor(Instant now) {
			Instant until = this.balance.nextExpiresAt();
			if (this.nextEnteringWindow != null) {
				Instant entering = this.nextEnteringWindow.minus(EXPIRING_WINDOW);
				until = (until == null || entering.isBefore(until)) ? entering : until;
			}
			return (until != null) ? Duration.between(now, until) : null;
		}

	}

}
