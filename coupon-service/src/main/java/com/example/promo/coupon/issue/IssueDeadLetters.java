package com.example.promo.coupon.issue;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.kafka.DeadLetterHandler;
import com.example.promo.common.kafka.TransientFailures;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.stereotype.Component;

/**
 * What a dead-lettered issue request comes to: its request reads {@code REJECTED
 * PROCESSING_FAILED} and its admission is given back to the gate, once (only the call
 * that records the outcome releases). A request decided before (by a redelivery that got
 * through) keeps its outcome. An admin may replay it later ({@code POST
 * /api/coupons/admin/dead-letters/{id}/replay}); the consumer then decides it again.
 */
@Component
class IssueDeadLetters implements DeadLetterHandler {

	private static final Logger log = LoggerFactory.getLogger(IssueDeadLetters.class);

	private final RequestDecisions decisions;

	private final IssueGate gate;

	private final IssueMetrics metrics;

	IssueDeadLetters(RequestDecisions decisions, IssueGate gate, IssueMetrics metrics) {
		this.decisions = decisions;
		this.gate = gate;
		this.metrics = metrics;
	}

	/**
	 * @throws RuntimeException a transient database failure: the record is recovered
	 * again later
	 */
	@Override
	public void onDeadLetter(ConsumerRecord<?, ?> record, Exception failure) {
		if (!(record.value() instanceof CouponIssueRequested request)) {
			return;
		}
		boolean decidedNow;
		try {
			decidedNow = this.decisions.rejectIfUndecided(request, CouponErrorCode.PROCESSING_FAILED);
		}
		catch (RuntimeException ex) {
			if (TransientFailures.isTransient(ex)) {
				throw ex;
			}
			log.error("Dead-lettered issue request {} cannot even be recorded; its admission is left to"
					+ " reconciliation", request.requestId(), ex);
			return;
		}
		if (decidedNow) {
			this.gate.release(new IssueGate.Admission(request.couponId(), request.userId(), request.gateEpoch()), null);
			this.metrics.refused(IssueStrategy.V3, CouponErrorCode.PROCESSING_FAILED);
		}
	}

}
