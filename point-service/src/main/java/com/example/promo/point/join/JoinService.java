package com.example.promo.point.join;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.GateUnavailableException;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.RequestIds;
import com.example.promo.common.issuing.RequestOutcome;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.PointProperties;
import com.example.promo.point.promotion.Promotion;
import com.example.promo.point.promotion.PromotionRepository;
import com.example.promo.point.request.PointRequest;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;

/**
 * Serves {@code POST /api/points/promotions/{id}/join} with the requested strategy
 * (DESIGN.md §3), on the issuing kit (resource kind {@code point-join}):
 * <ul>
 * <li>v1: {@link JoinWriter#joinLocked} — the promotion row locked, one join and its
 * reward lot written;</li>
 * <li>v2: prerequisites checked against the database, admitted at the gate (period = the
 * business day of a once-per-day promotion), then written through the kit's group commit
 * by {@link BatchJoinWriter}; the kit releases the admission once if the database refuses
 * or the write fails;</li>
 * <li>v3: the same checks and admission, then enqueued to
 * {@value PointJoinRequested#TOPIC} (202); with an {@code Idempotency-Key} the request id
 * is reserved before admission, so a repeat in flight takes no unit.</li>
 * </ul>
 * If the gate cannot answer, v2 and v3 are served by v1. With an {@code Idempotency-Key}
 * the request id is derived from (user, key) ({@link RequestIds}), so a replay returns
 * the first answer instead of joining again, and the key reused for another promotion is
 * refused. Whatever the strategy, the database decides under the promotion's row lock.
 */
@Service
public class JoinService {

	private static final Logger log = LoggerFactory.getLogger(JoinService.class);

	private final JoinWriter writer;

	private final Issuing<PointJoinRequested, JoinWritten> issuing;

	private final JoinRepository joins;

	private final PromotionRepository promotions;

	private final PointRequests requests;

	private final PointProperties properties;

	private final Clock clock;

	JoinService(JoinWriter writer, Issuing<PointJoinRequested, JoinWritten> issuing, JoinRepository joins,
			PromotionRepository promotions, PointRequests requests, PointProperties properties, Clock clock) {
		this.writer = writer;
		this.issuing = issuing;
		this.joins = joins;
		this.promotions = promotions;
		this.requests = requests;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * Joins a promotion for a user, earning its reward points.
	 * @param promotionId the promotion
	 * @param userId the acting user (JWT subject)
	 * @param strategy the requested strategy
	 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
	 * @return {@link JoinResult.Joined} (v1, v2, replays) or {@link JoinResult.Queued}
	 * (v3)
	 * @throws IssueRefusedException PROMOTION_NOT_FOUND, PROMOTION_NOT_OPEN,
	 * PROMOTION_SOLD_OUT, ALREADY_JOINED_TODAY, JOIN_LIMIT_REACHED, PREREQUISITE_NOT_MET,
	 * and the kit's WRITE_TIMEOUT, SERVICE_UNAVAILABLE, ISSUE_QUEUE_UNAVAILABLE, with the
	 * strategy that refused
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED, or the first answer's refusal on a
	 * replay
	 */
	public JoinResult join(long promotionId, String userId, IssueStrategy strategy, String idempotencyKey) {
		String requestId = RequestIds.of(userId, idempotencyKey);
		if (idempotencyKey != null) {
			Optional<JoinResult> replay = replay(promotionId, requestId);
			if (replay.isPresent()) {
				return replay.get();
			}
		}
		try {
			return switch (strategy) {
				case V1 -> joinLocked(promotionId, userId, requestId);
				case V2 -> writeThrough(promotionId, userId, requestId);
				case V3 -> enqueue(promotionId, userId, requestId, idempotencyKey != null);
			};
		}
		catch (IssueRefusedException ex) {
			if (idempotencyKey == null || (ex.errorCode() != PointErrorCode.JOIN_LIMIT_REACHED
					&& ex.errorCode() != PointErrorCode.ALREADY_JOINED_TODAY)) {
				throw ex;
			}
			return twinOf(promotionId, requestId).orElseThrow(() -> ex);
		}
	}

	/**
	 * The same Idempotency-Key pressed twice at once (a double click): the twin that lost
	 * is refused JOIN_LIMIT_REACHED or ALREADY_JOINED_TODAY by the join its own twin
	 * made. It answers as the replay of that twin instead: at once under v1 (the
	 * promotion's row lock made it wait for the twin's commit), or once the twin's v2
	 * write has left the gate's in-flight set ({@link Issuing#awaitSettled}).
	 * @return the twin's join, or empty if there is none (a real refusal)
	 */
	private Optional<JoinResult> twinOf(long promotionId, String requestId) {
		this.issuing.awaitSettled(Long.toString(promotionId), requestId);
		return this.joins.findByRequestId(requestId).map((twin) -> replayOf(twin, promotionId));
	}

	/**
	 * @param userId the user
	 * @param pageable page and size
	 * @return the user's joins, newest first
	 */
	public Page<Join> joinsOf(String userId, Pageable pageable) {
		return this.joins.ofUser(userId, pageable);
	}

	private JoinResult joinLocked(long promotionId, String userId, String requestId) {
		try {
			Join join = this.writer.joinLocked(promotionId, userId, requestId);
			this.issuing.metrics().issued(IssueStrategy.V1);
			return new JoinResult.Joined(join, IssueStrategy.V1);
		}
		catch (DomainException ex) {
			throw refused(IssueStrategy.V1, ex);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(promotionId, requestId, IssueStrategy.V1);
		}
	}

	private JoinResult writeThrough(long promotionId, String userId, String requestId) {
		Admission admission;
		try {
			String period = admissionPeriod(promotionId, userId, IssueStrategy.V2);
			admission = this.issuing.admit(IssueStrategy.V2, Long.toString(promotionId), userId, 1, period, requestId);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving v2 with v1: {}", ex.getMessage());
			return joinLocked(promotionId, userId, requestId);
		}
		JoinWritten written;
		try {
			written = this.issuing.writeThrough(request(promotionId, userId, requestId, admission), admission);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(promotionId, requestId, IssueStrategy.V2);
		}
		if (written == null) {
			return lostRace(promotionId, requestId, IssueStrategy.V2);
		}
		if (written.join() == null) {
			throw new IssueRefusedException(JoinRefusals.of(written.refusal(), promotionId), IssueStrategy.V2);
		}
		return new JoinResult.Joined(written.join(), IssueStrategy.V2);
	}

	private JoinResult enqueue(long promotionId, String userId, String requestId, boolean withKey) {
		String period = admissionPeriod(promotionId, userId, IssueStrategy.V3);
		return switch (this.issuing.queue(requestId, Long.toString(promotionId), userId, 1, period, withKey,
				(admission) -> request(promotionId, userId, requestId, admission))) {
			case QUEUED -> new JoinResult.Queued(requestId);
			// The same key is in flight: answer as its replay, taking no second unit.
			case IN_FLIGHT -> replay(promotionId, requestId).orElse(new JoinResult.Queued(requestId));
			case GATE_UNAVAILABLE -> joinLocked(promotionId, userId, requestId);
		};
	}

	/**
	 * Before admission, against the database: the promotion exists and the user has
	 * joined every promotion it requires (they never share the gate's script).
	 * @return the period to admit in: today's business day for a once-per-day promotion,
	 * else {@code ""}
	 */
	private String admissionPeriod(long promotionId, String userId, IssueStrategy strategy) {
		JoinRepository.AdmissionCheck check = this.joins.admissionCheck(promotionId, userId)
			.orElseThrow(() -> refused(strategy, JoinRefusals.of(PointErrorCode.PROMOTION_NOT_FOUND, promotionId)));
		if (check.missingPrerequisites() > 0) {
			throw refused(strategy, JoinRefusals.of(PointErrorCode.PREREQUISITE_NOT_MET, promotionId));
		}
		return check.oncePerDay() ? LocalDate.now(this.clock.withZone(this.properties.businessZone())).toString() : "";
	}

	private PointJoinRequested request(long promotionId, String userId, String requestId, Admission admission) {
		return new PointJoinRequested(requestId, promotionId, userId, admission.period(), admission.epoch(),
				this.clock.instant());
	}

	/**
	 * A unique key refused the write: either the same request id won concurrently (a
	 * replay: answer with its join), or the same user's concurrent join took the same seq
	 * or day. The kit has already released a v2 admission accordingly.
	 */
	private JoinResult lostRace(long promotionId, String requestId, IssueStrategy strategy) {
		Optional<Join> winner = this.joins.findByRequestId(requestId);
		if (winner.isPresent()) {
			return replayOf(winner.get(), promotionId);
		}
		boolean daily = this.promotions.find(promotionId).map(Promotion::oncePerDay).orElse(false);
		throw refused(strategy, JoinRefusals
			.of(daily ? PointErrorCode.ALREADY_JOINED_TODAY : PointErrorCode.JOIN_LIMIT_REACHED, promotionId));
	}

	private Optional<JoinResult> replay(long promotionId, String requestId) {
		Optional<Join> join = this.joins.findByRequestId(requestId);
		if (join.isPresent()) {
			return Optional.of(replayOf(join.get(), promotionId));
		}
		Optional<PointRequest> decided = this.requests.find(requestId);
		if (decided.isPresent()) {
			PointRequest first = decided.get();
			if (first.kind() != RequestKind.JOIN) {
				throw reused("a use of points");
			}
			requireSamePromotion(Long.parseLong(first.resourceId()), promotionId);
			if (first.outcome() == RequestOutcome.SUCCEEDED) {
				return this.joins.findById(first.effectId()).map((j) -> replayOf(j, promotionId));
			}
			throw JoinRefusals.of(first.reason(), promotionId);
		}
		return this.issuing.pending(requestId).map((marker) -> {
			requireSamePromotion(Long.parseLong(marker.resourceId()), promotionId);
			if (marker.refusal() != null) {
				throw JoinRefusals.of(PointErrorCode.of(marker.refusal()), promotionId);
			}
			return new JoinResult.Queued(requestId);
		});
	}

	private static JoinResult replayOf(Join join, long promotionId) {
		requireSamePromotion(join.promotionId(), promotionId);
		return new JoinResult.Joined(join, join.strategy());
	}

	private static void requireSamePromotion(long firstPromotionId, long promotionId) {
		if (firstPromotionId != promotionId) {
			throw reused("joining promotion " + firstPromotionId);
		}
	}

	private static DomainException reused(String first) {
		return new DomainException(PointErrorCode.IDEMPOTENCY_KEY_REUSED,
				"This Idempotency-Key was first used for " + first + ".");
	}

	private IssueRefusedException refused(IssueStrategy strategy, DomainException refusal) {
		ErrorCode code = refusal.errorCode();
		this.issuing.metrics().refused(strategy, code);
		return new IssueRefusedException(refusal, strategy);
	}

}
