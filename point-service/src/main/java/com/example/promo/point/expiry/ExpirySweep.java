package com.example.promo.point.expiry;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.point.ledger.Ledger;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * Writes off what expired lots still hold (DESIGN.md §4.2): for every user with a lot
 * past its {@code expires_at} and points left, {@link Ledger#expire} in a transaction of
 * its own, so one user failing does not stop the others. Users are taken in pages by id;
 * a second run finds nothing more to write, and two runs at once write each lot off once
 * (both queue on the account's row lock). Counted in {@code promo.points.expired}
 * (points).
 */
@Component
public class ExpirySweep {

	/** Users expired per round (one query each). */
	static final int PAGE_SIZE = 500;

	private static final Logger log = LoggerFactory.getLogger(ExpirySweep.class);

	private final NamedParameterJdbcTemplate jdbc;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final Counter expired;

	ExpirySweep(NamedParameterJdbcTemplate jdbc, Ledger ledger, PlatformTransactionManager transactionManager,
			Clock clock, MeterRegistry meters) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.expired = Counter.builder("promo.points.expired")
			.description("Points written off because their lot expired (Prometheus: promo_points_expired_total)")
			.register(meters);
	}

	/**
	 * Writes off every expired remainder there is now.
	 * @return users whose expired lots were written off, points written off, users that
	 * failed (tried again on the next run)
	 */
	public Result sweep() {
		String after = "";
		int users = 0;
		int failed = 0;
		long points = 0;
		while (true) {
			List<String> page = this.jdbc.queryForList("""
					select distinct user_id from point_lot
					where expires_at <= :now and remaining > 0 and user_id > :after
					order by user_id
					limit :limit""", Map.of("now", utc(this.clock.instant()), "after", after, "limit", PAGE_SIZE),
					String.class);
			for (String userId : page) {
				try {
					Long written = this.transactions.execute((status) -> this.ledger.expire(userId));
					if (written != null && written > 0) {
						users++;
						points += written;
						this.expired.increment(written);
					}
				}
				catch (RuntimeException ex) {
					failed++;
					log.warn("Expiring the lots of {} failed, tried again on the next run", userId, ex);
				}
			}
			if (page.size() < PAGE_SIZE) {
				break;
			}
			after = page.get(page.size() - 1);
		}
		if (points > 0 || failed > 0) {
			log.info("Expiry sweep: {} points of {} users written off, {} users failed", points, users, failed);
		}
		return new Result(users, points, failed);
	}

	/**
	 * What one sweep did.
	 *
	 * @param users users whose expired lots were written off
	 * @param points points written off in all
	 * @param failed users whose write-off failed (left for the next run)
	 */
	public record Result(int users, long points, int failed) {
	}

}
