package com.example.promo.coupon.issue;

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
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.issue.BatchIssueWriter.Written;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Serves {@code POST /api/coupons/{couponId}/issue} with the requested strategy
 * (DESIGN.md §3), on the issuing kit ({@link Issuing}):
 * <ul>
 * <li>v1: {@link CouponIssuer#issueLocked} — the policy row locked, one coupon
 * written;</li>
 * <li>v2: admitted at the gate, then written through the kit's group commit by
 * {@link BatchIssueWriter}; the kit releases the admission once if the database refuses
 * or the write fails, and answers {@code 503 WRITE_TIMEOUT} if the write does not answer
 * in time;</li>
 * <li>v3: admitted at the gate, then enqueued to {@value CouponIssueRequested#TOPIC}
 * (202); with an {@code Idempotency-Key} the request id is reserved before admission, so
 * a repeat in flight takes no unit.</li>
 * </ul>
 * If the gate cannot answer, v2 and v3 are served by v1. With an {@code Idempotency-Key}
 * the request id is derived from (user, key) ({@link RequestIds}), so a replay returns
 * the first result instead of issuing again, and the key reused for another coupon is
 * refused.
 */
@Service
public class CouponIssueService {

	private static final Logger log = LoggerFactory.getLogger(CouponIssueService.class);

	private final CouponIssuer issuer;

	private final Issuing<CouponIssueRequested, Written> issuing;

	private final IssuedCouponRepository issuedCoupons;

	private final IssueRequestQueries queries;

	private final Clock clock;

	CouponIssueService(CouponIssuer issuer, Issuing<CouponIssueRequested, Written> issuing,
			IssuedCouponRepository issuedCoupons, IssueRequestQueries queries, Clock clock) {
		this.issuer = issuer;
		this.issuing = issuing;
		this.issuedCoupons = issuedCoupons;
		this.queries = queries;
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
	 * ALREADY_ISSUED, and the kit's WRITE_TIMEOUT, SERVICE_UNAVAILABLE,
	 * ISSUE_QUEUE_UNAVAILABLE, with the strategy that refused
	 * @throws DomainException IDEMPOTENCY_KEY_REUSED, or the first result's refusal on a
	 * replay
	 */
	public IssueResult issue(long couponId, String userId, IssueStrategy strategy, String idempotencyKey) {
		String requestId = RequestIds.of(userId, idempotencyKey);
		if (idempotencyKey != null) {
			Optional<IssueResult> replay = replay(couponId, requestId);
			if (replay.isPresent()) {
				return replay.get();
			}
		}
		try {
			return switch (strategy) {
				case V1 -> issueLocked(couponId, userId, requestId);
				case V2 -> writeThrough(couponId, userId, requestId);
				case V3 -> enqueue(couponId, userId, requestId, idempotencyKey != null);
			};
		}
		catch (IssueRefusedException ex) {
			if (idempotencyKey == null || ex.errorCode() != CouponErrorCode.ALREADY_ISSUED) {
				throw ex;
			}
			return twinOf(couponId, requestId).orElseThrow(() -> ex);
		}
	}

	/**
	 * The same Idempotency-Key pressed twice at once (a double click): the twin that lost
	 * is refused ALREADY_ISSUED by the coupon its own twin took. It answers as the replay
	 * of that twin instead: at once under v1 (the policy's row lock made it wait for the
	 * twin's commit), or once the twin's v2 write has left the gate's in-flight set
	 * ({@link Issuing#awaitSettled}).
	 * @return the twin's coupon, or empty if there is none (a real refusal)
	 */
	private Optional<IssueResult> twinOf(long couponId, String requestId) {
		this.issuing.awaitSettled(Long.toString(couponId), requestId);
		return this.issuedCoupons.findByRequestId(requestId).map((twin) -> replayOf(twin, couponId));
	}

	private IssueResult issueLocked(long couponId, String userId, String requestId) {
		try {
			IssuedCoupon coupon = this.issuer.issueLocked(couponId, userId, requestId);
			this.issuing.metrics().issued(IssueStrategy.V1);
			return new IssueResult.Issued(coupon, IssueStrategy.V1);
		}
		catch (DomainException ex) {
			this.issuing.metrics().refused(IssueStrategy.V1, ex.errorCode());
			throw new IssueRefusedException(ex, IssueStrategy.V1);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(couponId, requestId, IssueStrategy.V1);
		}
	}

	private IssueResult writeThrough(long couponId, String userId, String requestId) {
		Admission admission;
		try {
			admission = this.issuing.admit(IssueStrategy.V2, Long.toString(couponId), userId, 1, "", requestId);
		}
		catch (GateUnavailableException ex) {
			log.debug("Serving v2 with v1: {}", ex.getMessage());
			return issueLocked(couponId, userId, requestId);
		}
		Written written;
		try {
			written = this.issuing.writeThrough(
					new CouponIssueRequested(requestId, couponId, userId, admission.epoch(), this.clock.instant()),
					admission);
		}
		catch (DataIntegrityViolationException ex) {
			return lostRace(couponId, requestId, IssueStrategy.V2);
		}
		if (written == null) {
			return lostRace(couponId, requestId, IssueStrategy.V2);
		}
		if (written.coupon() == null) {
			throw new IssueRefusedException(CouponIssuer.refusalOf((CouponErrorCode) written.refusal(), couponId),
					IssueStrategy.V2);
		}
		return new IssueResult.Issued(written.coupon(), IssueStrategy.V2);
	}

	private IssueResult enqueue(long couponId, String userId, String requestId, boolean withKey) {
		return switch (this.issuing.queue(requestId, Long.toString(couponId), userId, 1, "", withKey,
				(admission) -> new CouponIssueRequested(requestId, couponId, userId, admission.epoch(),
						this.clock.instant()))) {
			case QUEUED -> new IssueResult.Queued(requestId, IssueStrategy.V3);
			// The same key is in flight: answer as its replay, taking no second unit.
			case IN_FLIGHT -> replay(couponId, requestId).orElse(new IssueResult.Queued(requestId, IssueStrategy.V3));
			case GATE_UNAVAILABLE -> issueLocked(couponId, userId, requestId);
		};
	}

	/**
	 * A unique key refused the insert: either the same request id won concurrently (a
	 * replay: answer with its coupon), or the same user's concurrent request took the
	 * same seq (ALREADY_ISSUED). The kit has already released a v2 admission accordingly.
	 */
	private IssueResult lostRace(long couponId, String requestId, IssueStrategy strategy) {
		Optional<IssuedCoupon> winner = this.issuedCoupons.findByRequestId(requestId);
		if (winner.isPresent()) {
			return replayOf(winner.get(), couponId);
		}
		this.issuing.metrics().refused(strategy, CouponErrorCode.ALREADY_ISSUED);
		throw new IssueRefusedException(CouponIssuer.refusalOf(CouponErrorCode.ALREADY_ISSUED, couponId), strategy);
	}

	private Optional<IssueResult> replay(long couponId, String requestId) {
		return this.queries.find(requestId).map((first) -> {
			requireSameCoupon(first.couponId(), couponId);
			return switch (first.state()) {
				case SUCCEEDED -> replayOf(first.coupon(), couponId);
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

}
