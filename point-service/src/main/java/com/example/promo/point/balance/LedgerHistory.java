package com.example.promo.point.balance;

import java.time.Instant;
import java.util.List;

import com.example.promo.point.ledger.EntryType;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import static com.example.promo.common.jdbc.UtcColumns.instant;

/** A user's ledger entries, newest first (read only). */
@Component
public class LedgerHistory {

	private final NamedParameterJdbcTemplate jdbc;

	LedgerHistory(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param userId the owner
	 * @param type only entries of this type, or {@code null} for all
	 * @param pageable page number and size (its sort is ignored: newest first, by entry
	 * id)
	 * @return one page of the user's entries
	 */
	public Page<Entry> entries(String userId, EntryType type, Pageable pageable) {
		String where = "where user_id = :userId" + ((type != null) ? " and type = :type" : "");
		MapSqlParameterSource params = new MapSqlParameterSource("userId", userId)
			.addValue("type", (type != null) ? type.name() : null)
			.addValue("limit", pageable.getPageSize())
			.addValue("offset", pageable.getOffset());
		long total = this.jdbc.queryForObject("select count(*) from point_ledger_entry " + where, params, Long.class);
		List<Entry> content = (pageable.getOffset() >= total) ? List.of()
				: this.jdbc.query("""
						select id, type, amount, balance_after, reason, order_id, promotion_id, created_at
						from point_ledger_entry %s
						order by id desc
						limit :limit offset :offset""".formatted(where), params,
						(row, i) -> new Entry(row.getLong("id"), EntryType.valueOf(row.getString("type")),
								row.getLong("amount"), row.getLong("balance_after"), row.getString("reason"),
								row.getString("order_id"), row.getObject("promotion_id", Long.class),
								instant(row, "created_at")));
		return new PageImpl<>(content, pageable, total);
	}

	/**
	 * One ledger entry.
	 *
	 * @param entryId the entry id
	 * @param type its kind
	 * @param amount points, signed (EARN, CANCEL_USE &gt; 0; USE, EXPIRE, REVOKE &lt; 0)
	 * @param balanceAfter the account's Σ ledger after it, in points
	 * @param reason shown to the user, or {@code null}
	 * @param orderId the order it concerns, or {@code null}
	 * @param promotionId the promotion it concerns, or {@code null}
	 * @param createdAt when it was written
	 */
	public record Entry(long entryId, EntryType type, long amount, long balanceAfter, String reason, String orderId,
			Long promotionId, Instant createdAt) {
	}

}
