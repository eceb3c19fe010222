package com.example.promo.timesale.payment;

import java.time.Clock;
import java.time.Instant;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code promo.timesale.payment.compensation-retry-ms} (one instance at a time,
 * ShedLock): sagas that died midway (STARTED for longer than the pay lease) are moved to
 * COMPENSATING with both undo calls owed, and every owed compensation whose backoff has
 * passed is tried again until acknowledged.
 */
@Component
class CompensationJob {

	private static final int BATCH = 100;

	private final PaymentAttempts attempts;

	private final Compensations compensations;

	private final PaymentProperties properties;

	private final Clock clock;

	CompensationJob(PaymentAttempts attempts, Compensations compensations, PaymentProperties properties, Clock clock) {
		this.attempts = attempts;
		this.compensations = compensations;
		this.properties = properties;
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${promo.timesale.payment.compensation-retry-ms:2000}",
			initialDelayString = "${promo.timesale.payment.compensation-retry-ms:2000}")
	@SchedulerLock(name = "timesale-payment-compensations", lockAtMostFor = "PT2M")
	void run() {
		runOnce();
	}

	/**
	 * One round.
	 * @return attempts COMPENSATED by this round
	 */
	int runOnce() {
		Instant now = this.clock.instant();
		for (PaymentAttempt dead : this.attempts.abandoned(now.minus(this.properties.payLease()), BATCH)) {
			this.compensations.undo(dead, dead.issuedCouponId() != null, dead.points() > 0, "ABANDONED");
		}
		int done = 0;
		for (PaymentAttempt owed : this.attempts.dueCompensations(now, BATCH)) {
			if (this.compensations.runOwed(owed)) {
				done++;
			}
		}
		return done;
	}

}
