package com.example.promo.coupon.issue;

import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.GateRefusal;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingInfrastructure;
import com.example.promo.common.issuing.IssuingResource;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.issue.BatchIssueWriter.Written;
import com.example.promo.coupon.policy.CouponPolicyEvents;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Coupons on the issuing kit: what is coupon-specific — the gate snapshot
 * ({@link GateSnapshot}), the batch write ({@link BatchIssueWriter}), the outcome table
 * ({@link RequestDecisions}) and the mapping between the kit's refusals and coupon codes.
 * A coupon's gate is built when it is created and dropped when its status changes.
 */
@Configuration(proxyBeanMethods = false)
class CouponIssuingConfiguration {

	@Bean
	Issuing<CouponIssueRequested, Written> couponIssuing(IssuingInfrastructure kit, GateSnapshot snapshots,
			BatchIssueWriter writer, RequestDecisions outcomes) {
		return kit.issuing(new IssuingResource<>("coupon", CouponIssueRequested.TOPIC, CouponIssueRequested.class,
				snapshots, writer, outcomes, CouponIssuingConfiguration::gateRefusal,
				(refusal, couponId) -> CouponIssuer.refusalOf(couponCode(refusal), Long.parseLong(couponId))));
	}

	@Bean
	GateEvents couponGateEvents(Issuing<CouponIssueRequested, Written> issuing) {
		return new GateEvents(issuing);
	}

	static GateRefusal gateRefusal(ErrorCode code) {
		if (!(code instanceof CouponErrorCode coupon)) {
			return null;
		}
		return switch (coupon) {
			case COUPON_SOLD_OUT -> GateRefusal.SOLD_OUT;
			case ALREADY_ISSUED -> GateRefusal.HOLDER_LIMIT;
			case COUPON_NOT_OPEN -> GateRefusal.NOT_OPEN;
			case COUPON_NOT_FOUND -> GateRefusal.NOT_FOUND;
			default -> null;
		};
	}

	static CouponErrorCode couponCode(GateRefusal refusal) {
		return switch (refusal) {
			case SOLD_OUT -> CouponErrorCode.COUPON_SOLD_OUT;
			case HOLDER_LIMIT, PERIOD_LIMIT -> CouponErrorCode.ALREADY_ISSUED;
			case NOT_OPEN -> CouponErrorCode.COUPON_NOT_OPEN;
			case NOT_FOUND -> CouponErrorCode.COUPON_NOT_FOUND;
		};
	}

	/** Keeps a coupon's gate in step with its policy, after commit. */
	static class GateEvents {

		private final Issuing<CouponIssueRequested, Written> issuing;

		GateEvents(Issuing<CouponIssueRequested, Written> issuing) {
			this.issuing = issuing;
		}

		@TransactionalEventListener
		void onCreated(CouponPolicyEvents.Created event) {
			this.issuing.gate().prepare(Long.toString(event.couponId()));
		}

		@TransactionalEventListener
		void onStatusChanged(CouponPolicyEvents.StatusChanged event) {
			this.issuing.gate().invalidateQuietly(Long.toString(event.couponId()));
		}

	}

}
