package com.example.promo.timesale.order;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.AdmissionGate;
import com.example.promo.common.issuing.GateUnavailableException;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.timesale.sale.SaleGate;

import org.springframework.stereotype.Component;

/**
 * {@link SaleGate} over the issuing kit's order gate (resource kind
 * {@value TimesaleOrderIssuingConfiguration#NAME}): the generation is the gate's epoch, a
 * give-back is a release of an admission of that generation (ignored by the gate once it
 * has been rebuilt, which recounted from the database), and invalidation and preparation
 * are the gate's own. Every method is best effort.
 */
@Component
class OrderSaleGate implements SaleGate {

	private static final Logger log = LoggerFactory.getLogger(OrderSaleGate.class);

	private final AdmissionGate gate;

	OrderSaleGate(Issuing<OrderRequested, OrderWritten> issuing) {
		this.gate = issuing.gate();
	}

	@Override
	public String generation(long saleId) {
		try {
			return this.gate.epoch(Long.toString(saleId)).orElse(null);
		}
		catch (GateUnavailableException ex) {
			log.debug("Generation of the gate of sale {} unknown: {}", saleId, ex.getMessage());
			return null;
		}
	}

	@Override
	public void giveBack(long saleId, String userId, int units, String generation, long orderId) {
		if (generation == null) {
			return;
		}
		this.gate.release(new Admission(Long.toString(saleId), userId, units, generation, "order-" + orderId, "", 0),
				null);
	}

	@Override
	public void invalidate(long saleId) {
		this.gate.invalidateQuietly(Long.toString(saleId));
	}

	@Override
	public void prepare(long saleId) {
		this.gate.prepare(Long.toString(saleId));
	}

}
