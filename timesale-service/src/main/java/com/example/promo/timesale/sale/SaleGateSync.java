package com.example.promo.timesale.sale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Keeps a sale's {@link SaleGate} in step with admin changes, after commit: a new sale's
 * gate is built, a switched sale's gate is dropped (rebuilt from the database on next
 * use). Best effort: a failure is logged, the database stays the truth.
 */
@Component
class SaleGateSync {

	private static final Logger log = LoggerFactory.getLogger(SaleGateSync.class);

	private final SaleGate gate;

	SaleGateSync(SaleGate gate) {
		this.gate = gate;
	}

	@TransactionalEventListener
	void onCreated(SaleEvents.Created event) {
		try {
			this.gate.prepare(event.saleId());
		}
		catch (RuntimeException ex) {
			log.warn("Preparing the gate of sale {} failed; it is built on first use", event.saleId(), ex);
		}
	}

	@TransactionalEventListener
	void onStatusChanged(SaleEvents.StatusChanged event) {
		try {
			this.gate.invalidate(event.saleId());
		}
		catch (RuntimeException ex) {
			log.warn("Dropping the gate of sale {} failed", event.saleId(), ex);
		}
	}

}
