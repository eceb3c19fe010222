package com.example.promo.point.join;

import java.time.Clock;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingInfrastructure;
import com.example.promo.common.issuing.IssuingResource;
import com.example.promo.point.promotion.PromotionEvents;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;
import com.example.promo.point.request.RequestOutcomes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Promotion joins on the issuing kit, as the resource kind {@code point-join} (topic
 * {@value PointJoinRequested#TOPIC}, resource = promotion, holder = user, one unit per
 * join, period = the business day of once-per-day promotions): what is join-specific —
 * the gate snapshot ({@link JoinGateSnapshot}), the batch write
 * ({@link BatchJoinWriter}), the outcome table ({@code point_request}, kind JOIN) and the
 * mapping between the kit's refusals and point codes. A promotion's gate is built when it
 * is created and dropped when its status changes, after commit.
 */
@Configuration(proxyBeanMethods = false)
class PointJoinIssuingConfiguration {

	/** The resource kind: Redis key prefix, metrics tag, consumer group prefix. */
	static final String NAME = "point-join";

	@Bean
	Issuing<PointJoinRequested, JoinWritten> pointJoinIssuing(IssuingInfrastructure kit, JoinGateSnapshot snapshots,
			BatchJoinWriter writer, PointRequests requests, NamedParameterJdbcTemplate jdbc, Clock clock) {
		return kit.issuing(new IssuingResource<>(NAME, PointJoinRequested.TOPIC, PointJoinRequested.class, snapshots,
				writer, new RequestOutcomes(RequestKind.JOIN, "point_join", requests, jdbc, clock),
				JoinRefusals::gateRefusal, (refusal, promotionId) -> JoinRefusals.of(JoinRefusals.pointCode(refusal),
						Long.parseLong(promotionId))));
	}

	@Bean
	JoinGateEvents pointJoinGateEvents(Issuing<PointJoinRequested, JoinWritten> issuing) {
		return new JoinGateEvents(issuing);
	}

	/** Keeps a promotion's join gate in step with the promotion, after commit. */
	static class JoinGateEvents {

		private final Issuing<PointJoinRequested, JoinWritten> issuing;

		JoinGateEvents(Issuing<PointJoinRequested, JoinWritten> issuing) {
			this.issuing = issuing;
		}

		@TransactionalEventListener
		void onCreated(PromotionEvents.Created event) {
			this.issuing.gate().prepare(Long.toString(event.promotionId()));
		}

		@TransactionalEventListener
		void onStatusChanged(PromotionEvents.StatusChanged event) {
			this.issuing.gate().invalidateQuietly(Long.toString(event.promotionId()));
		}

	}

}
