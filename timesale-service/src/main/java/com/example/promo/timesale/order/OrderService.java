package com.example.promo.timesale.order;

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
import com.example.promo.common.issuing.RequestIds;
import com.example.promo.common.issuing.RequestMarker;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.order.OrderRepository.PlacedOrder;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Serves {@code POST /api/timesales/{saleId}/orders} with the requested strategy
 * (DESIGN.md §3, §4.3), on the issuing kit (resource kind
 * {@value TimesaleOrderIssuingConfiguration#NAME}):
 * <ul>
 * <li>v1: {@link OrderWriter#placeLocked} — one transaction, the sale's row locked by its
 * conditional update;</li>
 * <li>v2: admitted at the gate, then written through the kit's group commit by
 * {@link BatchOrderWriter}; the kit releases the admission once if the database refuses
 * or the write fails;</li>
 * <li>v3: admitted at the gate into the sale's waiting room (a place from the gate's
 * atomic sequence), then enqueued to {@value OrderRequested#TOPIC} (202 with the
 * position); with an {@code Idempotency-Key} the request id is reserved before admission,
 * so a repeat in flight takes no unit.</li>
 * </ul>
 * Every path refuses an unknown sale and a quantity above the per-user limit with nothing
 * taken (v2 and v3 at the gate, before any stock; v1 by its conditional update). If the
 * gate cannot answer, v2 and v3 are served by v1. With an {@code Idempotency-Key} the
 * request id is derived from (user, key) ({@link RequestIds}), so a replay returns the
 * first answer instead of ordering again, and the key reused for another sale or quantity
 * is refused.
 */
@Service
public class OrderService {

	private static final Logger log = LoggerFactory.getLogger(OrderService.class);

	private static final String WAITING = "WAITING";

	private static final String REJECTED = "REJECTED";

	private final OrderWriter writer;

	private final Issuing<OrderRequested, OrderWritten> issuing;

	private final OrderRepository orders;

	private final OrderRequests requests;

	private final Clock clock;

	OrderService(OrderWriter writer, Issuing<OrderRequested, OrderWritten> issuing, OrderRepository orders,
			OrderRequests requests, Clock clock) {
		this.writer = writer;
		this.issuing = issuing;
		this.orders = orders;
		this.requests = requests;
		this.clock = clock;
	}

	/**
	 * Places an order holding {@code quantity} units of a sale for a user.
	 * @param saleId the sale
	 * @param userId the acting user (JWT subject)
	 * @param quantity units, ≥ 1
	 * @param strategy the requested strategy
	 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
	 * @return {@link OrderResult.Placed} (v1, v2, replays) or {@link OrderResult.Queued}
	 * (v3)
	 * @throws IssueRefusedException SALE_NOT_FOUND, SALE_NOT_OPEN, SALE_SOLD_OUT,
	 * PURCHASE_LIMIT_EXCEEDED, and the kit's WRITE_TIMEOUT, SERVICE_UNAVAILABLE,
	 * ISSUE_QUEUE_UNAVAILABLE, with the strategy that refused
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED, or the first answer's refusal on a
	 * replay
	 */
	public OrderResult place(long saleId, String userId, int quantity, IssueStrategy strategy, String idempotencyKey) {
		String requestId = RequestIds.of(userId, idempotencyKey);
		if (idempotencyKey != null) {
			Optional<OrderResult> replay = replay(saleId, quantity, requestId);
			if (replay.isPresent()) {
				return replay.get();
			}
		}
		try {
			return switch (strategy) {
				case V1 -> placeLocked(saleId, userId, quantity, requestId);
				case V2 -> writeThrough(saleId, userId, quantity, requestId);
				case V3 -> enqueue(saleId, userId, quantity, requestId, idempotencyKey != null);
			};
		}
		catch (IssueRefusedException ex) {
			if (idempotencyKey == null || ex.errorCode() != TimesaleErrorCode.PURCHASE_LIMIT_EXCEEDED) {
				throw ex;
			}
			return twinOf(saleId, quantity, requestId).orElseThrow(() -> ex);
		}
	}

	/**
	 * The same Idempotency-Key pressed twice at once (a double click) with a per-user
	 * limit of one order: the twin that lost is refused PURCHASE_LIMIT_EXCEEDED by the
	 * units its own twin holds. It answers as the replay of that twin instead: at once
	 * under v1 (the sale's row lock made it wait for the twin's commit), or once the
	 * twin's v2 write has left the gate's in-flight set (at most
	 * {@code promo.issuing.write-timeout}).
	 * @return the twin's order, or empty if there is none (a real refusal)
	 */
	private Optional<OrderResult> twinOf(long saleId, int quantity, String requestId) {
		this.issuing.awaitSettled(Long.toString(saleId), requestId);
		return this.orders.findByRequestId(requestId).map((twin) -> replayOf(twin, saleId, quantity));
	}

	/**
	 * @param saleId the sale
	 * @param requestId a request that joined the sale's waiting room
	 * @return buyers ahead of it, or empty once written or released (or if Redis cannot
	 * answer)
	 */
	Optional<Long> position(long saleId, String requestId) {
		return this.issuing.position(Long.toString(saleId), requestId);
	}

	/**
	 * Where the caller's queued request stands: its decision once recorded, else WAITING
	 * with its place while the sale's waiting room has it (or REJECTED with the gate's
	 * refusal of a reserved key).
	 * @param requestId the request id
	 * @param userId the caller
	 * @return the status, or empty if no such request of the caller's is known
	 */
	public Optional<RequestStatus> status(String requestId, String userId) {
		Optional<RequestStatus> decided = decided(requestId, userId);
		if (decided.isPresent()) {
			return decided;
		}
		Optional<RequestMarker> marker = this.issuing.pending(requestId).filter((m) -> m.holderId().equals(userId));
		if (marker.isEmpty()) {
			return Optional.empty();
		}
		if (marker.get().refusal() != null) {
			return Optional.of(new RequestStatus(requestId, REJECTED, null, null, marker.get().refusal()));
		}
		Optional<Long> position = this.issuing.position(marker.get().resourceId(), requestId);
		if (position.isEmpty()) {
			// Left the queue since the first read: written (or released) just now.
			decided = decided(requestId, userId);
			if (decided.isPresent()) {
				return decided;
			}
		}
		return Optional.of(new RequestStatus(requestId, WAITING, position.orElse(0L), null, null));
	}

	private Optional<RequestStatus> decided(String requestId, String userId) {
		return this.requests.find(requestId)
			.filter((d) -> d.userId().equals(userId))
			.map((d) -> (d.orderId() != null) ? new RequestStatus(requestId, OrderView.HELD, null, d.orderId(), null)
					: new RequestStatus(requestId, REJECTED, null, null, d.reason().name()));
	}

	private OrderResult placeLocked(long saleId, String userId, int quantity, String requestId) {
		OrderWriter.Decision decision;
		try {
			decision = this.writer.placeLocked(saleId, userId, quantity, requestId);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(saleId, quantity, requestId, ex);
		}
		if (decision.refusal() != null) {
			throw refused(IssueStrategy.V1, OrderRefusals.of(decision.refusal(), saleId));
		}
		this.issuing.metrics().issued(IssueStrategy.V1);
		return new OrderResult.Placed(decision.order(), IssueStrategy.V1);
	}

	private OrderResult writeThrough(long saleId, String userId, int quantity, String requestId) {
		Admission admission;
		try {
			admission = this.issuing.admit(IssueStrategy.V2, Long.toString(saleId), userId, quantity, "", requestId);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving v2 with v1: {}", ex.getMessage());
			return placeLocked(saleId, userId, quantity, requestId);
		}
		OrderWritten written;
		try {
			written = this.issuing.writeThrough(
					new OrderRequested(requestId, saleId, userId, quantity, 0, admission.epoch(), this.clock.instant()),
					admission);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(saleId, quantity, requestId, ex);
		}
		if (written == null) {
			return lostRace(saleId, quantity, requestId, null);
		}
		if (written.order() == null) {
			throw new IssueRefusedException(OrderRefusals.of(written.refusal(), saleId), IssueStrategy.V2);
		}
		return new OrderResult.Placed(written.order(), IssueStrategy.V2);
	}

	private OrderResult enqueue(long saleId, String userId, int quantity, String requestId, boolean withKey) {
		return switch (this.issuing.queue(requestId, Long.toString(saleId), userId, quantity, "", withKey, true,
				(admission) -> new OrderRequested(requestId, saleId, userId, quantity, admission.sequence(),
						admission.epoch(), this.clock.instant()))) {
			case QUEUED -> new OrderResult.Queued(requestId, position(saleId, requestId).orElse(0L));
			// The same key is in flight: answer as its replay, taking no second unit.
			case IN_FLIGHT -> replay(saleId, quantity, requestId)
				.orElseGet(() -> new OrderResult.Queued(requestId, position(saleId, requestId).orElse(0L)));
			case GATE_UNAVAILABLE -> placeLocked(saleId, userId, quantity, requestId);
		};
	}

	/**
	 * The unique request id refused the write: the same request won concurrently (answer
	 * as its replay). The kit has already released a v2 admission accordingly.
	 */
	private OrderResult lostRace(long saleId, int quantity, String requestId, RuntimeException failure) {
		Optional<PlacedOrder> winner = this.orders.findByRequestId(requestId);
		if (winner.isPresent()) {
			return replayOf(winner.get(), saleId, quantity);
		}
		if (failure != null) {
			throw failure;
		}
		// Written by nobody yet recorded: a v3 decision of the same id (refused).
		return replay(saleId, quantity, requestId)
			.orElseThrow(() -> new IllegalStateException("request " + requestId + " was recorded yet has no outcome"));
	}

	private Optional<OrderResult> replay(long saleId, int quantity, String requestId) {
		Optional<PlacedOrder> order = this.orders.findByRequestId(requestId);
		if (order.isPresent()) {
			return Optional.of(replayOf(order.get(), saleId, quantity));
		}
		Optional<OrderRequests.Decided> decided = this.requests.find(requestId);
		if (decided.isPresent()) {
			OrderRequests.Decided first = decided.get();
			requireSame(first.saleId(), first.quantity(), saleId, quantity);
			if (first.orderId() != null) {
				return this.orders.findById(first.orderId()).map((o) -> replayOf(o, saleId, quantity));
			}
			throw OrderRefusals.of(first.reason(), saleId);
		}
		return this.issuing.pending(requestId).map((marker) -> {
			requireSame(Long.parseLong(marker.resourceId()), quantity, saleId, quantity);
			if (marker.refusal() != null) {
				throw OrderRefusals.of(TimesaleErrorCode.of(marker.refusal()), saleId);
			}
			return new OrderResult.Queued(requestId, position(saleId, requestId).orElse(0L));
		});
	}

	/** A replay answers as the first did: the order as placed (HELD then). */
	private static OrderResult replayOf(PlacedOrder order, long saleId, int quantity) {
		OrderView v = order.view();
		requireSame(v.saleId(), v.quantity(), saleId, quantity);
		return new OrderResult.Placed(v, order.strategy());
	}

	private static void requireSame(long firstSaleId, int firstQuantity, long saleId, int quantity) {
		if (firstSaleId != saleId || firstQuantity != quantity) {
			throw new DomainException(TimesaleErrorCode.IDEMPOTENCY_KEY_REUSED, "This Idempotency-Key was first used"
					+ " to order " + firstQuantity + " unit(s) of sale " + firstSaleId + ".");
		}
	}

	private IssueRefusedException refused(IssueStrategy strategy, DomainException refusal) {
		this.issuing.metrics().refused(strategy, refusal.errorCode());
		return new IssueRefusedException(refusal, strategy);
	}

}
