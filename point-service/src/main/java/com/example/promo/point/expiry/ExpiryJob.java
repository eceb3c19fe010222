package com.example.promo.point.expiry;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link ExpirySweep} on {@code promo.points.expiry-cron} (UTC, every minute by
 * default), on one instance at a time: ShedLock's lock {@code point-lot-expiry}
 * (common-lib's {@code SingleRunnerJobsAutoConfiguration}). A run holds it at least 5 s
 * (instances whose clocks differ a little do not both run the same minute) and at most 5
 * min (an instance that died holding it blocks the job that long).
 */
@Component
public class ExpiryJob {

	private final ExpirySweep sweep;

	ExpiryJob(ExpirySweep sweep) {
		this.sweep = sweep;
	}

	/** One scheduled run; skipped if another instance holds the lock. */
	@Scheduled(cron = "${promo.points.expiry-cron}", zone = "UTC")
	@SchedulerLock(name = "point-lot-expiry", lockAtMostFor = "PT5M", lockAtLeastFor = "PT5S")
	public void run() {
		this.sweep.sweep();
	}

}
