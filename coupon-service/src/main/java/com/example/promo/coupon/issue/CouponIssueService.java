package com.example.promo.coupon.issue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

import org.redisson.client.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Serves {@code POST /api/coupons/{couponId}/issue} with the requested strategy
 * (DESIGN.md §3):
 * <ul>
 * <li>v1: {@link CouponIssuer#issueLocked};</li>
 * <li>v2: {@link IssueGate#admit}, then {@link GroupCommit#write} (the DB write,
 * coalesced with concurrent requests); a refusal or failure of the write releases the
 * admission, once, after the rollback; a write that does not answer in time is
 * {@code 503 WRITE_TIMEOUT}, released only if it surely was not written;</li>
 * <li>v3: {@link IssueGate#admit}, then {@link IssueQueue#publish}; a publish that surely
 * never left the producer releases the admission and answers 503, one in doubt answers
 * 202 and is decided later ({@link InDoubtRequests}). With an {@code Idempotency-Key},
 * the request id is reserved before admission, so a repeat in flight takes no unit.</li>
 * </ul>
 * If the gate cannot answer, v2 and v3 are served by v1. With an {@code Idempotency-Key}
 * the request id is derived from (user, key), so a replay returns the first result
 * instead of issuing again, and the key reused for another coupon is refused.
 */
@Service
public class CouponIssueService {

	private static final Logger log = LoggerFactory.getLogger(CouponIssueService.class);

	private final CouponIssuer issuer;

	private final GroupCommit groupCommit;

	private final IssueGate gate;

	private final IssueQueue queue;

	private final IssuedCouponRepository issuedCoupons;

	private final IssuedCouponQueries queries;

	private final IssueMetrics metrics;

	private final InDoubtRequests inDoubt;

	private final Clock clock;

	CouponIssueService(CouponIssuer issuer, GroupCommit groupCommit, IssueGate gate, IssueQueue queue,
			IssuedCouponRepository issuedCoupons, IssuedCouponQueries queries, IssueMetrics metrics,
			InDoubtRequests inDoubt, Clock clock) {
		this.issuer = issuer;
		this.groupCommit = groupCommit;
		this.gate = gate;
		this.queue = queue;
		this.issuedCoupons = issuedCoupons;
		this.queries = queries;
		this.metrics = metrics;
		this.inDoubt = inDoubt;
		this.clock = clock;
	}

	/**
	 * Issues one unit of a coupon to a user.
	 * @param couponId the policy
	 * @param userId the acting user (JWT subject)
	 * @param strategy the requested strategy
	 * @param idempotencyKey the client's {@code Idempotency-Key}, or {@code null}
	 * @return {@link IssueResult.Issued} (v1, v2, replays) or {@link IssueResult.Queued}
	 * (v3)
	 * @throws IssueRefusedException COUPON_NOT_FOUND, COUPON_NOT_OPEN, COUPON_SOLD_OUT,
	 * ALREADY_ISSUED, with the strategy that refused
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED, ISSUE_QUEUE_UNAVAILABLE,
	 * WRITE_TIMEOUT, SERVICE_UNAVAILABLE, or the first result's refusal on a replay
	 */
	public IssueResult issue(long couponId, String userId, IssueStrategy strategy, String idempotencyKey) {
		String requestId = requestId(userId, idempotencyKey);
		if (idempotencyKey != null) {
			Optional<IssueResult> replay = replay(couponId, requestId);
			if (replay.isPresent()) {
				return replay.get();
			}
		}
		if (strategy == IssueStrategy.V1) {
			return issueLocked(couponId, userId, requestId);
		}
		boolean reserved = false;
		IssueGate.Admission admission;
		try {
			if (strategy == IssueStrategy.V3 && idempotencyKey != null) {
				reserved = reserve(requestId, couponId, userId);
				if (!reserved) {
					// The same key is in flight: answer as its replay, taking no second
					// unit.
					return replay(couponId, requestId).orElse(new IssueResult.Queued(requestId, IssueStrategy.V3));
				}
			}
			admission = this.gate.admit(couponId, userId);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving {} with v1: {}", strategy, ex.getMessage());
			if (reserved) {
				this.queue.unreserve(requestId);
			}
			this.metrics.fellBack();
			return issueLocked(couponId, userId, requestId);
		}
		catch (DomainException ex) {
			if (reserved) {
				this.queue.refuse(requestId, couponId, userId, (CouponErrorCode) ex.errorCode());
			}
			throw refused(strategy, ex);
		}
		return (strategy == IssueStrategy.V2) ? writeThrough(admission, requestId)
				: enqueue(admission, requestId, reserved);
	}

	private boolean reserve(String requestId, long couponId, String userId) {
		try {
			return this.queue.reserve(requestId, couponId, userId);
		}
		catch (RedisException ex) {
			throw new GateUnavailableException("request reservation failed: " + ex.getMessage(), ex);
		}
	}

	private IssueResult issueLocked(long couponId, String userId, String requestId) {
		try {
			IssuedCoupon coupon = this.issuer.issueLocked(couponId, userId, requestId);
			this.metrics.issued(IssueStrategy.V1);
			return new IssueResult.Issued(coupon, IssueStrategy.V1);
		}
		catch (DomainException ex) {
			throw refused(IssueStrategy.V1, ex);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(couponId, requestId, IssueStrategy.V1, null);
		}
	}

	private IssueResult writeThrough(IssueGate.Admission admission, String requestId) {
		BatchIssueWriter.Written written;
		try {
			written = this.groupCommit.write(new CouponIssueRequested(requestId, admission.couponId(),
					admission.userId(), admission.epoch(), this.clock.instant()),
					(late, failure) -> settleLate(admission, late, failure));
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(admission.couponId(), requestId, IssueStrategy.V2, admission);
		}
		catch (GroupCommit.NotQueued ex) {
			this.gate.release(admission, null);
			throw refused(IssueStrategy.V2,
					new DomainException(CouponErrorCode.SERVICE_UNAVAILABLE,
							"The coupon service is not taking issue requests now (" + ex.getMessage()
									+ "); nothing was issued. Retry shortly."));
		}
		catch (GroupCommit.TimedOut ex) {
			if (ex.withdrawn()) {
				this.gate.release(admission, null);
			}
			throw refused(IssueStrategy.V2,
					new DomainException(CouponErrorCode.WRITE_TIMEOUT, ex.withdrawn()
							? "The issue was not written in time and has been withdrawn; nothing was issued. Retry."
							: "The issue write did not answer in time; its outcome is unknown. Retry with the same"
									+ " Idempotency-Key to learn it without issuing twice."));
		}
		catch (RuntimeException ex) {
			this.gate.release(admission, null);
			throw ex;
		}
		if (written == null) {
			return lostRace(admission.couponId(), requestId, IssueStrategy.V2, admission);
		}
		if (written.coupon() == null) {
			CouponErrorCode reason = written.outcome().getReason();
			this.gate.release(admission, reason);
			throw refused(IssueStrategy.V2, CouponIssuer.refusalOf(reason, admission.couponId()));
		}
		this.metrics.issued(IssueStrategy.V2);
		return new IssueResult.Issued(written.coupon(), IssueStrategy.V2);
	}

	/**
	 * The outcome of a v2 write whose caller stopped waiting (503 WRITE_TIMEOUT, outcome
	 * unknown): what the caller would have released, released now, once.
	 */
	private void settleLate(IssueGate.Admission admission, BatchIssueWriter.Written written, Throwable failure) {
		if (failure == null && written != null && written.coupon() != null) {
			this.metrics.issued(IssueStrategy.V2);
			return;
		}
		CouponErrorCode reason = (failure instanceof DataIntegrityViolationException) ? CouponErrorCode.ALREADY_ISSUED
				: (failure == null && written != null) ? written.outcome().getReason() : null;
		this.gate.release(admission, reason);
	}

	private IssueResult enqueue(IssueGate.Admission admission, String requestId, boolean reserved) {
		CouponIssueRequested request = new CouponIssueRequested(requestId, admission.couponId(), admission.userId(),
				admission.epoch(), this.clock.instant());
		IssueQueue.Delivery delivery;
		try {
			delivery = this.queue.publish(request, reserved);
		}
		catch (RuntimeException ex) {
			this.gate.release(admission, null);
			throw ex;
		}
		if (delivery == IssueQueue.Delivery.IN_DOUBT) {
			this.inDoubt.record(request);
		}
		this.metrics.queued();
		return new IssueResult.Queued(requestId, IssueStrategy.V3);
	}

	/**
	 * A unique key refused the insert: either the same request id won concurrently (a
	 * replay: answer with its coupon), or the same user's concurrent request took the
	 * same seq (ALREADY_ISSUED).
	 */
	private IssueResult lostRace(long couponId, String requestId, IssueStrategy strategy,
			IssueGate.Admission admission) {
		Optional<IssuedCoupon> winner = this.issuedCoupons.findByRequestId(requestId);
		if (admission != null) {
			this.gate.release(admission, winner.isPresent() ? null : CouponErrorCode.ALREADY_ISSUED);
		}
		if (winner.isPresent()) {
			return replayOf(winner.get(), couponId);
		}
		throw refused(strategy, CouponIssuer.refusalOf(CouponErrorCode.ALREADY_ISSUED, couponId));
	}

	private IssueRefusedException refused(IssueStrategy strategy, DomainException refusal) {
		this.metrics.refused(strategy, (CouponErrorCode) refusal.errorCode());
		return new IssueRefusedException(refusal, strategy);
	}

	private Optional<IssueResult> replay(long couponId, String requestId) {
		return this.queries.find(requestId).map((first) -> {
			requireSameCoupon(first.couponId(), couponId);
			return switch (first.state()) {
				case ISSUED -> replayOf(first.coupon(), couponId);
				case REJECTED -> throw CouponIssuer.refusalOf(first.reason(), couponId);
				case PENDING -> new IssueResult.Queued(requestId, IssueStrategy.V3);
			};
		});
	}

	private static IssueResult replayOf(IssuedCoupon coupon, long couponId) {
		requireSameCoupon(coupon.getCouponId(), couponId);
		return new IssueResult.Issued(coupon, coupon.getStrategy());
	}

	private static void requireSameCoupon(long firstCouponId, long couponId) {
		if (firstCouponId != couponId) {
			throw new DomainException(CouponErrorCode.IDEMPOTENCY_KEY_REUSED,
					"This Idempotency-Key was first used to issue coupon " + firstCouponId + ".");
		}
	}

	/**
	 * The request id: a name-based UUID of (user, idempotency key), so the same user's
	 * replay maps to the same id and different users' keys never collide; random without
	 * a key.
	 * @param userId the user
	 * @param idempotencyKey the key, or {@code null}
	 * @return a UUID string
	 */
	static String requestId(String userId, String idempotencyKey) {
		if (idempotencyKey == null) {
			return UUID.randomUUID().toString();
		}
		return UUID.nameUUIDFromBytes((userId + '\n' + idempotencyKey).getBytes(StandardCharsets.UTF_8)).toString();
	}

}
