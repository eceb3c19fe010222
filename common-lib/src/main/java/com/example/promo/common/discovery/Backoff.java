package com.example.promo.common.discovery;

import java.time.Duration;

/** Exponential retry delay: 200 ms doubling per consecutive failure, at most 5 s. */
final class Backoff {

	private Backoff() {
	}

	static Duration after(int failures) {
		long millis = 200L << Math.min(Math.max(failures - 1, 0), 5);
		return Duration.ofMillis(Math.min(millis, 5_000));
	}

}
