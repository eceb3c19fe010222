package com.example.promo.timesale.hold;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sweeps expired holds every {@code promo.timesale.expiry-sweep-ms} (5 s by default), on
 * one instance at a time: ShedLock's lock {@code timesale-hold-expiry} (common-lib's
 * {@code SingleRunnerJobsAutoConfiguration}). A run expires every due order, in pages of
 * {@value #ROUND} walked by ({@code pay_by}, id) until a page finds fewer, one
 * transaction per sale in a page (an order that keeps failing is logged and does not hold
 * back the ones behind it); it holds the lock at most 5 min (an instance that died
 * holding it blocks the sweep that long, while lazy expiry keeps every read and pay
 * correct). Correctness never waits on this job.
 */
@Component
public class HoldExpiryJob {

	/** Orders one page looks at. */
	static final int ROUND = 500;

	private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

	private final Holds holds;

	HoldExpiryJob(Holds holds) {
		this.holds = holds;
	}

	/** One scheduled run; skipped if another instance holds the lock. */
	@Scheduled(fixedDelayString = "${promo.timesale.expiry-sweep-ms:5000}",
			initialDelayString = "${promo.timesale.expiry-sweep-ms:5000}")
	@SchedulerLock(name = "timesale-hold-expiry", lockAtMostFor = "PT5M", lockAtLeastFor = "PT1S")
	public void run() {
		int total = this.holds.expireAllDue(ROUND);
		if (total > 0) {
			log.info("Hold expiry sweep: {} orders expired", total);
		}
	}

}
