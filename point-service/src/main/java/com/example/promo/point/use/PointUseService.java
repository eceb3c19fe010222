package com.example.promo.point.use;

import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.GateUnavailableException;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingErrorCode;
import com.example.promo.common.issuing.RequestIds;
import com.example.promo.common.issuing.RequestMarker;
import com.example.promo.point.PointErrorCode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Serves {@code POST /api/points/use} with the requested strategy (DESIGN.md §3), on the
 * issuing kit ({@link Issuing}), the account being the gated resource:
 * <ul>
 * <li>v1: {@link PointUseWriter#useLocked} — the account row locked, the use
 * written;</li>
 * <li>v2: admitted at the account's gate (its spendable balance), then written through
 * the kit's group commit by {@link BatchUseWriter}; the kit gives the points back to the
 * gate once if the database refuses or the write fails;</li>
 * <li>v3: the request id reserved, admitted at the gate, enqueued to
 * {@value PointUseRequested#TOPIC} (202).</li>
 * </ul>
 * If the gate cannot answer, v2 and v3 are served by v1. The request id is derived from
 * (user, order) ({@link RequestIds}), so a use is idempotent per order whatever the
 * strategy: a replay answers the first result (even once the use is cancelled), the same
 * order with another amount is {@code IDEMPOTENCY_KEY_REUSED}, and a refusal recorded for
 * a v2/v3 request stays the order's answer (v1 records no refusal, so a v1 refusal may be
 * retried).
 */
@Service
public class PointUseService {

	private static final Logger log = LoggerFactory.getLogger(PointUseService.class);

	private final PointUseWriter writer;

	private final Issuing<PointUseRequested, UseWritten> issuing;

	private final PointUses uses;

	private final Clock clock;

	PointUseService(PointUseWriter writer, Issuing<PointUseRequested, UseWritten> issuing, PointUses uses,
			Clock clock) {
		this.writer = writer;
		this.issuing = issuing;
		this.uses = uses;
		this.clock = clock;
	}

	/**
	 * @param userId the account
	 * @param orderId the order
	 * @return the request id of the user's use of that order
	 */
	public static String requestId(String userId, String orderId) {
		return RequestIds.of(userId, "use:" + orderId);
	}

	/**
	 * Spends points of the caller's account on an order.
	 * @param userId the acting user (JWT subject)
	 * @param orderId the order (1–64 characters)
	 * @param amount points (1 to 1,000,000,000)
	 * @param strategy the requested strategy
	 * @return {@link UseResult.Used} (v1, v2, replays) or {@link UseResult.Queued} (v3)
	 * @throws IssueRefusedException INSUFFICIENT_POINTS, USE_CANCELLED,
	 * IDEMPOTENCY_KEY_REUSED, and the kit's WRITE_TIMEOUT, SERVICE_UNAVAILABLE,
	 * ISSUE_QUEUE_UNAVAILABLE, with the strategy that refused
	 */
	public UseResult use(String userId, String orderId, long amount, IssueStrategy strategy) {
		String requestId = requestId(userId, orderId);
		Optional<UseResult> replay = replay(userId, orderId, amount, requestId, strategy);
		if (replay.isPresent()) {
			return replay.get();
		}
		return switch (strategy) {
			case V1 -> useLocked(userId, orderId, amount, requestId);
			case V2 -> writeThrough(userId, orderId, amount, requestId);
			case V3 -> enqueue(userId, orderId, amount, requestId);
		};
	}

	private UseResult useLocked(String userId, String orderId, long amount, String requestId) {
		PointUseWriter.Written written;
		try {
			written = this.writer.useLocked(userId, orderId, amount, requestId);
		}
		catch (DomainException ex) {
			this.issuing.metrics().refused(IssueStrategy.V1, ex.errorCode());
			throw new IssueRefusedException(ex, IssueStrategy.V1);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(userId, orderId, amount, requestId, IssueStrategy.V1);
		}
		if (written.replayed()) {
			return new UseResult.Used(written.use(), written.use().strategy());
		}
		this.issuing.metrics().issued(IssueStrategy.V1);
		return new UseResult.Used(written.use(), IssueStrategy.V1);
	}

	private UseResult writeThrough(String userId, String orderId, long amount, String requestId) {
		Admission admission;
		try {
			admission = this.issuing.admit(IssueStrategy.V2, userId, userId, Math.toIntExact(amount), "", requestId);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving v2 with v1: {}", ex.getMessage());
			return useLocked(userId, orderId, amount, requestId);
		}
		catch (IssueRefusedException ex) {
			return refusedAtGate(userId, orderId, amount, requestId, ex);
		}
		UseWritten written;
		try {
			written = this.issuing.writeThrough(
					new PointUseRequested(requestId, userId, orderId, amount, admission.epoch(), this.clock.instant()),
					admission);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(userId, orderId, amount, requestId, IssueStrategy.V2);
		}
		if (written == null || written.replayed()) {
			// The order was decided first by another request with the same id: its
			// answer, read with its lots.
			return lostRace(userId, orderId, amount, requestId, IssueStrategy.V2);
		}
		if (written.refusal() != null) {
			throw new IssueRefusedException(PointUseWriter.refusal(written.refusal(), orderId), IssueStrategy.V2);
		}
		return new UseResult.Used(written.use(), IssueStrategy.V2);
	}

	private UseResult enqueue(String userId, String orderId, long amount, String requestId) {
		return switch (this.issuing.queue(requestId, userId, userId, Math.toIntExact(amount), "", true,
				(admission) -> new PointUseRequested(requestId, userId, orderId, amount, admission.epoch(),
						this.clock.instant()))) {
			case QUEUED -> new UseResult.Queued(requestId, IssueStrategy.V3);
			// The same order is in flight or was refused at the gate: answer as its
			// replay,
			// spending nothing more.
			case IN_FLIGHT -> replay(userId, orderId, amount, requestId, IssueStrategy.V3)
				.orElseGet(() -> queued(orderId, requestId));
			case GATE_UNAVAILABLE -> useLocked(userId, orderId, amount, requestId);
		};
	}

	/**
	 * The gate refused a v2 use. If the same order is in flight at the gate (the same
	 * request sent again before the first was written), its points may be what the gate
	 * is short of: the database decides instead (v1, which answers the first use as a
	 * replay, or writes it). Otherwise the order may have been decided since the replay
	 * check (its in-flight mark ends only after its commit), else the refusal is final.
	 */
	private UseResult refusedAtGate(String userId, String orderId, long amount, String requestId,
			IssueRefusedException refusal) {
		boolean inFlight;
		try {
			inFlight = this.issuing.gate().snapshot(userId).inFlight().containsKey(requestId);
		}
		catch (GateUnavailableException ex) {
			inFlight = true;
		}
		if (inFlight) {
			return useLocked(userId, orderId, amount, requestId);
		}
		return replay(userId, orderId, amount, requestId, IssueStrategy.V2).orElseThrow(() -> refusal);
	}

	/**
	 * A unique key refused the write, or the kit wrote the same request id first: the
	 * order's first request has been decided meanwhile, so answer as its replay.
	 */
	private UseResult lostRace(String userId, String orderId, long amount, String requestId, IssueStrategy strategy) {
		return replay(userId, orderId, amount, requestId, strategy)
			.orElseThrow(() -> new IssueRefusedException(
					new DomainException(IssuingErrorCode.SERVICE_UNAVAILABLE,
							"A concurrent request for order " + orderId + " is being decided; retry shortly."),
					strategy));
	}

	/**
	 * The order's first answer, if the database has one: its use (same amount; else
	 * IDEMPOTENCY_KEY_REUSED), its tombstone (USE_CANCELLED) or its recorded refusal. A
	 * request of the order still queued is no answer here: a v1 or v2 request then writes
	 * the use itself, and the queued one finds it (one effect either way).
	 */
	private Optional<UseResult> replay(String userId, String orderId, long amount, String requestId,
			IssueStrategy strategy) {
		Optional<PointUses.FirstAnswer> first = this.uses.firstAnswer(userId, orderId, requestId);
		if (first.isEmpty()) {
			return Optional.empty();
		}
		if (first.get().useId() != null) {
			return this.uses.find(first.get().useId()).map((use) -> replayOf(use, amount, strategy));
		}
		if (first.get().tombstoned()) {
			throw refused(PointErrorCode.USE_CANCELLED, orderId, strategy);
		}
		throw new IssueRefusedException(PointUseWriter.refusal(PointErrorCode.of(first.get().refusal()), orderId),
				strategy);
	}

	/**
	 * A v3 request whose id is reserved already and not decided in the database: PENDING
	 * as the first, or the gate's refusal of the first.
	 */
	private UseResult queued(String orderId, String requestId) {
		Optional<String> refusal = this.issuing.pending(requestId).map(RequestMarker::refusal);
		if (refusal.isPresent()) {
			throw new IssueRefusedException(PointUseWriter.refusal(PointErrorCode.of(refusal.get()), orderId),
					IssueStrategy.V3);
		}
		return new UseResult.Queued(requestId, IssueStrategy.V3);
	}

	private UseResult replayOf(PointUse first, long amount, IssueStrategy strategy) {
		try {
			return new UseResult.Used(PointUseWriter.requireSameAmount(first, amount), first.strategy());
		}
		catch (DomainException ex) {
			throw new IssueRefusedException(ex, strategy);
		}
	}

	private static IssueRefusedException refused(PointErrorCode code, String orderId, IssueStrategy strategy) {
		return new IssueRefusedException(PointUseWriter.refusal(code, orderId), strategy);
	}

}
