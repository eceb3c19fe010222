package com.example.promo.timesale.order;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.GateSnapshotSource;
import com.example.promo.common.issuing.GateState;
import com.example.promo.timesale.TimesaleErrorCode;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import static com.example.promo.common.jdbc.UtcColumns.instant;

/**
 * What the order gate of one sale must hold, from one consistent database snapshot: open
 * when its stored status is ACTIVE (the window is checked too), the per-user limit with
 * each buyer's held + paid units ({@code sale_buyer}), and the units left (total − held −
 * sold). The read runs in its own new REPEATABLE READ transaction, whatever the caller's,
 * so it includes every batch committed before the rebuild.
 */
@Component
class OrderGateSnapshot implements GateSnapshotSource {

	private final JdbcTemplate jdbc;

	OrderGateSnapshot(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param resourceId the sale id
	 * @return the gate's state; it may expire a day after the window
	 * @throws DomainException SALE_NOT_FOUND
	 */
	@Override
	@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ, propagation = Propagation.REQUIRES_NEW)
	public GateState read(String resourceId) {
		long saleId;
		try {
			saleId = Long.parseLong(resourceId);
		}
		catch (NumberFormatException ex) {
			throw new DomainException(TimesaleErrorCode.SALE_NOT_FOUND, "No sale " + resourceId + ".");
		}
		List<GateState> sale = this.jdbc.query("""
				select status, starts_at, ends_at, per_user_limit,
				       total_stock - held_quantity - sold_quantity as remaining
				  from time_sale where id = ?""", (row, i) -> {
			Instant endsAt = instant(row, "ends_at");
			return GateState.of("ACTIVE".equals(row.getString("status")), instant(row, "starts_at"), endsAt,
					row.getInt("per_user_limit"), row.getLong("remaining"), Map.of(), endsAt.plus(Duration.ofDays(1)));
		}, saleId);
		if (sale.isEmpty()) {
			throw OrderRefusals.of(TimesaleErrorCode.SALE_NOT_FOUND, saleId);
		}
		Map<String, Integer> holders = new HashMap<>();
		this.jdbc.query("select user_id, quantity from sale_buyer where sale_id = ? and quantity > 0", (row) -> {
			holders.put(row.getString(1), row.getInt(2));
		}, saleId);
		GateState state = sale.get(0);
		return GateState.of(state.open(), state.startsAt(), state.endsAt(), state.perHolderLimit(), state.remaining(),
				holders, state.expiresAt());
	}

}
