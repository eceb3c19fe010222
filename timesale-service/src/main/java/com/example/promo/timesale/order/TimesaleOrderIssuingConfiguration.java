package com.example.promo.timesale.order;

import java.time.Clock;

import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingInfrastructure;
import com.example.promo.common.issuing.IssuingResource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sale orders on the issuing kit, as the resource kind {@value #NAME} (Redis keys
 * {@code timesale:{<saleId>}:gate} …, topic {@value OrderRequested#TOPIC}, resource =
 * sale, holder = user, units = the order's quantity, no period): what is order-specific —
 * the gate snapshot ({@link OrderGateSnapshot}), the batch write
 * ({@link BatchOrderWriter}), the outcome table ({@code order_request},
 * {@link OrderOutcomes}) and the mapping between the kit's refusals and timesale codes.
 * The sale feature keeps a sale's gate in step through {@link OrderSaleGate}.
 */
@Configuration(proxyBeanMethods = false)
class TimesaleOrderIssuingConfiguration {

	/** The resource kind: Redis key prefix, metrics tag, consumer group prefix. */
	static final String NAME = "timesale";

	@Bean
	Issuing<OrderRequested, OrderWritten> timesaleOrderIssuing(IssuingInfrastructure kit, OrderGateSnapshot snapshots,
			BatchOrderWriter writer, OrderRequests requests, OrderRepository orders, Clock clock) {
		return kit.issuing(new IssuingResource<>(NAME, OrderRequested.TOPIC, OrderRequested.class, snapshots, writer,
				new OrderOutcomes(requests, orders, clock), OrderRefusals::gateRefusal,
				(refusal, saleId) -> OrderRefusals.of(OrderRefusals.timesaleCode(refusal), Long.parseLong(saleId))));
	}

}
