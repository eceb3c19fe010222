package com.example.promo.point.use;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.IssuingErrorCode;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.Ledger;
import com.example.promo.point.request.PointRequest;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.UnexpectedRollbackException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class BatchUseWriterTests extends UseTestSupport {

	@Autowired
	private BatchUseWriter writer;

	@Autowired
	private PointRequests requests;

	@Autowired
	private Ledger ledger;

	@Autowired
	private PlatformTransactionManager transactions;

	@Test
	void decidesEachRequestOfABatchOnItsOwn() {
		String user = newUser("batch");
		String other = newUser("batch-other");
		fund(user, 100);
		fund(other, 10);
		assertStatus(cancel(user, "cancelled"), 404);
		Response paid = use(user, "paid", 10, "v1");
		assertStatus(paid, 201);
		List<PointUseRequested> batch = List.of(request(user, "ok-1", 30), request(user, "cancelled", 10),
				request(user, "paid", 10), request(other, "too-big", 11), request(user, "too-big", 1_000),
				request(user, "ok-2", 30), request(user, "ok-1", 30), request(other, "fits", 10));

		List<UseWritten> written = this.writer.write(batch, IssueStrategy.V3);

		assertThat(written).hasSize(7);
		assertThat(written.stream().map(UseWritten::requestId).distinct()).hasSize(7);
		// Accounts in user id order, then in batch order.
		List<UseWritten> users = written.stream().filter((w) -> w.outcome().userId().equals(user)).toList();
		assertThat(users).extracting((w) -> (w.refusal() != null) ? w.refusal().name() : "DONE")
			.containsExactly("DONE", "USE_CANCELLED", "IDEMPOTENCY_KEY_REUSED", "INSUFFICIENT_POINTS", "DONE");
		assertThat(users.get(2).replayed()).isTrue();
		assertThat(users.get(2).use().useId()).isEqualTo(paid.json().get("useId").asLong());
		assertThat(requestStatus(PointUseService.requestId(user, "paid"))).isEqualTo("DONE");
		assertThat(requestStatus(PointUseService.requestId(user, "cancelled"))).isEqualTo("REJECTED");
		assertThat(requestStatus(PointUseService.requestId(user, "too-big"))).isEqualTo("REJECTED");
		assertThat(requestStatus(PointUseService.requestId(user, "ok-2"))).isEqualTo("DONE");
		assertThat(requestStatus(PointUseService.requestId(other, "too-big"))).isEqualTo("REJECTED");
		assertThat(requestStatus(PointUseService.requestId(other, "fits"))).isEqualTo("DONE");
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(3);
		assertThat(assertLedgerExact(user)).isEqualTo(30);
		assertThat(assertLedgerExact(other)).isZero();
		assertThat(count("select count(*) from point_use where user_id = ? and strategy = 'V3'", user)).isEqualTo(2);

		assertThat(this.writer.write(batch, IssueStrategy.V3)).isEmpty();
		assertThat(this.writer.write(batch, IssueStrategy.V2)).isEmpty();
		assertThat(assertLedgerExact(user)).isEqualTo(30);
	}

	@Test
	void decidesAReplayedDeadLetterAgainOnlyFromTheQueue() {
		String user = newUser("dead-letter");
		fund(user, 100);
		PointUseRequested request = request(user, "failed", 40);
		this.requests.insertAll(List.of(new PointRequest(request.requestId(), RequestKind.USE, user, user,
				RequestOutcome.REJECTED, IssuingErrorCode.PROCESSING_FAILED, null, Instant.now(), Instant.now())));

		assertThat(this.writer.write(List.of(request), IssueStrategy.V2)).isEmpty();
		List<UseWritten> written = this.writer.write(List.of(request), IssueStrategy.V3);

		assertThat(written).hasSize(1);
		assertThat(written.get(0).reopened()).isTrue();
		assertThat(written.get(0).refusal()).isNull();
		assertThat(requestStatus(request.requestId())).isEqualTo("DONE");
		assertThat(assertLedgerExact(user)).isEqualTo(60);
	}

	/**
	 * Why the batch writer never lets the ledger refuse: a refusal thrown out of the
	 * ledger's transactional method marks the whole transaction rollback-only, even if
	 * caught, so every other request of the batch would be lost.
	 */
	@Test
	void aRefusalCaughtInsideATransactionStillRollsItBack() {
		String user = newUser("poisoned");
		fund(user, 10);

		assertThatExceptionOfType(UnexpectedRollbackException.class)
			.isThrownBy(() -> new TransactionTemplate(this.transactions).executeWithoutResult((status) -> {
				this.ledger.spend(user, 5, "kept", false);
				try {
					this.ledger.spend(user, 100, "refused", false);
				}
				catch (DomainException ex) {
					assertThat(ex.errorCode()).isEqualTo(PointErrorCode.INSUFFICIENT_POINTS);
				}
			}));
		assertThat(assertLedgerExact(user)).isEqualTo(10);
	}

	private static PointUseRequested request(String user, String order, long amount) {
		return new PointUseRequested(PointUseService.requestId(user, order), user, order, amount, "test-epoch",
				Instant.now());
	}

}
