package com.example.promo.point.use;

import java.time.Clock;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.GateRefusal;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingInfrastructure;
import com.example.promo.common.issuing.IssuingResource;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.PointsChanged;
import com.example.promo.point.request.PointRequests;
import com.example.promo.point.request.RequestKind;
import com.example.promo.point.request.RequestOutcomes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Point uses on the issuing kit, as the resource kind {@value #NAME}: the gated resource
 * is the account (resource id = holder = the user id), its units are points. What is
 * use-specific: the gate snapshot ({@link UseGateSnapshot}), the batch write
 * ({@link BatchUseWriter}), the outcome table ({@code point_request}, kind USE) and the
 * mapping of refusals. Every change of a balance the gate did not count itself (grants,
 * rewards, cancels, expiries, v1 uses) drops the account's gate after commit, so the next
 * v2/v3 use rebuilds it from the database.
 */
@Configuration(proxyBeanMethods = false)
class PointUseIssuingConfiguration {

	/** The resource kind: Redis key prefix, metrics tag, consumer group. */
	static final String NAME = "point-use";

	@Bean
	Issuing<PointUseRequested, UseWritten> pointUseIssuing(IssuingInfrastructure kit, UseGateSnapshot snapshots,
			BatchUseWriter writer, PointRequests requests, NamedParameterJdbcTemplate jdbc, Clock clock) {
		return kit.issuing(new IssuingResource<>(NAME, PointUseRequested.TOPIC, PointUseRequested.class, snapshots,
				writer, new RequestOutcomes(RequestKind.USE, "point_use", requests, jdbc, clock),
				PointUseIssuingConfiguration::gateRefusal, PointUseIssuingConfiguration::refusal));
	}

	@Bean
	UseGateEvents pointUseGateEvents(Issuing<PointUseRequested, UseWritten> issuing) {
		return new UseGateEvents(issuing);
	}

	/**
	 * How a database refusal releases a use's admission: every refusal gives the points
	 * back (INSUFFICIENT_POINTS: the gate was ahead of the database, which a rebuild
	 * fixes; USE_CANCELLED, IDEMPOTENCY_KEY_REUSED: nothing was spent).
	 */
	static GateRefusal gateRefusal(ErrorCode code) {
		return null;
	}

	/**
	 * The gate's refusal of a use: the account's gate only ever runs out of stock, which
	 * is a final {@code 409 INSUFFICIENT_POINTS}; the other refusals cannot happen to an
	 * always-open gate without limits and answer the same.
	 */
	static DomainException refusal(GateRefusal refusal, String userId) {
		return new DomainException(PointErrorCode.INSUFFICIENT_POINTS,
				"Your spendable balance is less than the amount asked.");
	}

	/**
	 * Keeps an account's gate in step with the balances it did not count, after commit.
	 */
	static class UseGateEvents {

		private final Issuing<PointUseRequested, UseWritten> issuing;

		UseGateEvents(Issuing<PointUseRequested, UseWritten> issuing) {
			this.issuing = issuing;
		}

		@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
		void onPointsChanged(PointsChanged event) {
			if (!event.countedByGate()) {
				this.issuing.gate().invalidateQuietly(event.userId());
			}
		}

	}

}
