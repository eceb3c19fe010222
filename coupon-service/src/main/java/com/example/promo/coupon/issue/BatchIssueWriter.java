package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.BatchWriter;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.IssuingErrorCode;
import com.example.promo.common.issuing.WriteOutcome;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.policy.CouponPolicy;
import com.example.promo.coupon.policy.CouponPolicyRepository;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;
import com.example.promo.coupon.wallet.IssuedCouponStatus;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * The database write of many issue requests in one transaction, with a fixed number of
 * statements per coupon whatever the batch size: v3's consumed batches, and v2's
 * concurrent requests coalesced by the issuing kit's group commit. For each coupon in the
 * batch:
 * <ol>
 * <li>the policy row is locked ({@code SELECT … FOR UPDATE}) and the users' units are
 * counted in one query;</li>
 * <li>requests are decided in order: COUPON_NOT_OPEN, ALREADY_ISSUED at the per-user
 * limit, COUPON_SOLD_OUT when no unit is left, else granted;</li>
 * <li>the granted units are taken by the conditional update
 * ({@link CouponPolicyRepository#take}: {@code issued + n <= total}), and the coupons are
 * inserted in one JDBC batch under the unique keys (coupon, user, seq) and (request
 * id).</li>
 * </ol>
 * Every outcome is recorded in {@code issue_request}, whose primary key (the request id)
 * makes a redelivered or repeated request a no-op: requests already recorded are skipped.
 * The one exception is {@code REJECTED PROCESSING_FAILED}, which only a dead-lettered
 * request gets: when an admin replays it, the consumer (V3) decides it again and the
 * outcome says {@link Written#reopened()}.
 */
@Component
class BatchIssueWriter implements BatchWriter<CouponIssueRequested, BatchIssueWriter.Written> {

	private final CouponPolicyRepository policies;

	private final IssuedCouponRepository issuedCoupons;

	private final IssueRequestRepository issueRequests;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	BatchIssueWriter(CouponPolicyRepository policies, IssuedCouponRepository issuedCoupons,
			IssueRequestRepository issueRequests, NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.policies = policies;
		this.issuedCoupons = issuedCoupons;
		this.issueRequests = issueRequests;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Writes a batch of issue requests.
	 * @param batch requests in arrival (partition) order, possibly repeated
	 * @param strategy what served them (V2 or V3), stored on each coupon
	 * @return the outcomes written now, by coupon id and then in batch order, excluding
	 * requests already recorded
	 * @throws org.springframework.dao.DataIntegrityViolationException if a concurrent
	 * single write (v1) of the same user won (the whole batch is rolled back)
	 * @throws IllegalStateException if the conditional update refused units the locked
	 * row showed as free (rolled back)
	 */
	@Override
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public List<Written> write(List<CouponIssueRequested> batch, IssueStrategy strategy) {
		Set<String> seen = recorded(batch);
		// Only a request recorded already can be a replayed dead letter: a fresh batch
		// costs
		// no second query.
		Set<String> reopened = (strategy == IssueStrategy.V3 && !seen.isEmpty()) ? reopen(seen) : Set.of();
		seen.removeAll(reopened);
		// Coupons in id order: every batch writer locks rows in the same order, so two
		// concurrent batches touching the same coupons cannot deadlock.
		Map<Long, List<CouponIssueRequested>> byCoupon = new TreeMap<>();
		for (CouponIssueRequested request : batch) {
			if (seen.add(request.requestId())) {
				byCoupon.computeIfAbsent(request.couponId(), (id) -> new ArrayList<>()).add(request);
			}
		}
		Instant now = this.clock.instant();
		List<Written> written = new ArrayList<>();
		byCoupon.forEach((couponId, requests) -> written.addAll(writeCoupon(couponId, requests, strategy, now)));
		insertOutcomes(written);
		if (!reopened.isEmpty()) {
			written.replaceAll((w) -> reopened.contains(w.outcome().getRequestId()) ? w.asReopened() : w);
		}
		return written;
	}

	/**
	 * Deletes the PROCESSING_FAILED outcomes among recorded requests (replayed dead
	 * letters), to decide them again.
	 */
	private Set<String> reopen(Set<String> recorded) {
		Set<String> failed = new HashSet<>(
				this.issueRequests.findFailed(recorded, IssuingErrorCode.PROCESSING_FAILED.name()));
		if (!failed.isEmpty()) {
			this.jdbc.update("delete from issue_request where request_id in (:ids) and reason = 'PROCESSING_FAILED'",
					Map.of("ids", failed));
		}
		return failed;
	}

	private List<Written> writeCoupon(long couponId, List<CouponIssueRequested> requests, IssueStrategy strategy,
			Instant now) {
		CouponPolicy policy = this.policies.findByIdForUpdate(couponId).orElse(null);
		if (policy == null) {
			return requests.stream().map((r) -> Written.rejected(r, CouponErrorCode.COUPON_NOT_FOUND, now)).toList();
		}
		boolean open = policy.refusalAt(now) != CouponErrorCode.COUPON_NOT_OPEN;
		int left = policy.getTotalQuantity() - policy.getIssuedQuantity();
		Map<String, Integer> held = held(couponId, requests);
		List<IssuedCoupon> grants = new ArrayList<>();
		List<CouponErrorCode> refusals = new ArrayList<>(requests.size());
		for (CouponIssueRequested request : requests) {
			int units = held.getOrDefault(request.userId(), 0);
			CouponErrorCode refusal = !open ? CouponErrorCode.COUPON_NOT_OPEN : (units >= policy.getPerUserLimit())
					? CouponErrorCode.ALREADY_ISSUED : (grants.size() >= left) ? CouponErrorCode.COUPON_SOLD_OUT : null;
			refusals.add(refusal);
			if (refusal == null) {
				held.put(request.userId(), units + 1);
				grants.add(new IssuedCoupon(policy, request.userId(), units + 1, request.requestId(), strategy, now));
			}
		}
		if (!grants.isEmpty()) {
			if (this.policies.take(couponId, grants.size(), now) == 0) {
				throw new IllegalStateException("coupon " + couponId + " refused " + grants.size()
						+ " units that its locked row showed as free");
			}
			insertCoupons(grants);
		}
		List<Written> written = new ArrayList<>(requests.size());
		int granted = 0;
		for (int i = 0; i < requests.size(); i++) {
			CouponIssueRequested request = requests.get(i);
			CouponErrorCode refusal = refusals.get(i);
			written.add((refusal != null) ? Written.rejected(request, refusal, now)
					: Written.issued(request, grants.get(granted++), now));
		}
		return written;
	}

	private Set<String> recorded(List<CouponIssueRequested> batch) {
		return new HashSet<>(
				this.issueRequests.findRecorded(batch.stream().map(CouponIssueRequested::requestId).toList()));
	}

	private Map<String, Integer> held(long couponId, List<CouponIssueRequested> requests) {
		Map<String, Integer> held = new HashMap<>();
		this.issuedCoupons
			.countPerUser(couponId, requests.stream().map(CouponIssueRequested::userId).distinct().toList())
			.forEach((count) -> held.put(count.userId(), (int) count.count()));
		return held;
	}

	private void insertCoupons(List<IssuedCoupon> coupons) {
		SqlParameterSource[] rows = coupons.stream()
			.map((c) -> new MapSqlParameterSource().addValue("couponId", c.getCouponId())
				.addValue("userId", c.getUserId())
				.addValue("seq", c.getUserSeq())
				.addValue("requestId", c.getRequestId())
				.addValue("strategy", c.getStrategy().name())
				.addValue("status", IssuedCouponStatus.ISSUED.name())
				.addValue("issuedAt", utc(c.getIssuedAt()))
				.addValue("expiresAt", utc(c.getExpiresAt())))
			.toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate(
				"""
						insert into issued_coupon (coupon_id, user_id, user_seq, request_id, strategy, status, issued_at, expires_at)
						values (:couponId, :userId, :seq, :requestId, :strategy, :status, :issuedAt, :expiresAt)""",
				rows);
		Map<String, IssuedCoupon> byRequest = new HashMap<>();
		coupons.forEach((c) -> byRequest.put(c.getRequestId(), c));
		this.jdbc.query("select request_id, id from issued_coupon where request_id in (:ids)",
				Map.of("ids", byRequest.keySet()), (row) -> {
					byRequest.get(row.getString(1)).assignId(row.getLong(2));
				});
	}

	private void insertOutcomes(List<Written> written) {
		if (written.isEmpty()) {
			return;
		}
		SqlParameterSource[] rows = written.stream().map((w) -> {
			IssueRequest o = w.outcome();
			return new MapSqlParameterSource().addValue("requestId", o.getRequestId())
				.addValue("couponId", o.getCouponId())
				.addValue("userId", o.getUserId())
				.addValue("status", IssueRequest.statusName(o.getOutcome()))
				.addValue("reason", (o.getReason() != null) ? o.getReason().name() : null)
				.addValue("issuedCouponId", o.getIssuedCouponId())
				.addValue("requestedAt", utc(o.getRequestedAt()))
				.addValue("processedAt", utc(o.getProcessedAt()));
		}).toArray(SqlParameterSource[]::new);
		this.jdbc.batchUpdate(
				"""
						insert into issue_request (request_id, coupon_id, user_id, status, reason, issued_coupon_id,
						                           requested_at, processed_at)
						values (:requestId, :couponId, :userId, :status, :reason, :issuedCouponId, :requestedAt, :processedAt)""",
				rows);
	}

	/**
	 * The outcome of one request of a batch.
	 *
	 * @param outcome what {@code issue_request} records
	 * @param coupon the issued coupon, with its id, or {@code null} when refused
	 * @param reopened whether this replaced a PROCESSING_FAILED outcome (a replayed dead
	 * letter, whose admission was already given back)
	 */
	record Written(IssueRequest outcome, IssuedCoupon coupon, boolean reopened) implements WriteOutcome {

		@Override
		public String requestId() {
			return this.outcome.getRequestId();
		}

		@Override
		public ErrorCode refusal() {
			return this.outcome.getReason();
		}

		static Written issued(CouponIssueRequested request, IssuedCoupon coupon, Instant now) {
			return new Written(IssueRequest.issued(request, coupon, now), coupon, false);
		}

		static Written rejected(CouponIssueRequested request, CouponErrorCode reason, Instant now) {
			return new Written(IssueRequest.rejected(request, reason, now), null, false);
		}

		Written asReopened() {
			return new Written(this.outcome, this.coupon, true);
		}

	}

}
