package com.example.promo.point.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.example.promo.point.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link Ledger#earnAll}: many lots in one batch keep every account exact, with each
 * user's entries in the given order.
 */
class LedgerBatchTests extends IntegrationTestSupport {

	@Autowired
	private Ledger ledger;

	@Autowired
	private TransactionTemplate transactions;

	@Test
	void earnsManyLotsOfSeveralUsersWithExactLedgers() {
		String alice = "batch-alice-" + UUID.randomUUID();
		String bob = "batch-bob-" + UUID.randomUUID();
		Instant expiresAt = Instant.now().plus(Duration.ofDays(30));
		List<Earning> earnings = List.of(earning(bob, 50, expiresAt), earning(alice, 100, expiresAt),
				earning(alice, 200, expiresAt));

		List<Lot> lots = this.transactions.execute((status) -> this.ledger.earnAll(earnings));

		assertThat(lots).extracting(Lot::userId, Lot::amount, Lot::remaining)
			.containsExactly(tuple(bob, 50L, 50L), tuple(alice, 100L, 100L), tuple(alice, 200L, 200L));
		for (int i = 0; i < lots.size(); i++) {
			assertThat(this.jdbc.queryForObject("select source_ref from point_lot where id = ?", String.class,
					lots.get(i).lotId()))
				.isEqualTo(earnings.get(i).sourceRef());
		}
		assertThat(assertLedgerExact(alice)).isEqualTo(300);
		assertThat(assertLedgerExact(bob)).isEqualTo(50);
		assertThat(this.jdbc.queryForList("select balance_after from point_ledger_entry where user_id = ? order by id",
				Long.class, alice))
			.containsExactly(100L, 300L);
	}

	private static Earning earning(String userId, long amount, Instant expiresAt) {
		return new Earning(userId, amount, LotSource.PROMOTION, UUID.randomUUID().toString(), expiresAt, "test", null,
				1L);
	}

}
