package com.example.promo.timesale.payment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The pay saga's settings, {@code promo.timesale.payment.*} (the callees' URLs and the
 * refund window are {@code promo.timesale.*}, {@code TimesaleProperties}).
 *
 * @param payLease how long a pay claims its order ({@code sale_order.pay_lease_until});
 * longer than the saga's worst case (both steps with their retries), default 30 s
 * @param connectTimeout connecting to coupon-service or point-service, default 1 s
 * @param readTimeout waiting for an answer (each try), default 3 s
 * @param compensationRetryMs how often the job retries owed compensations and finds sagas
 * that died, milliseconds (default 2000; one instance at a time)
 * @param compensationBackoffMax the longest wait between two tries of one compensation,
 * default 60 s (doubling from 1 s)
 * @param outboxResubmitMs how often outstanding outbox publications are resubmitted,
 * milliseconds (default 5000; one instance at a time)
 * @param outboxResubmitOlderThan only publications older than this are resubmitted
 * (longer than Kafka's delivery timeout), default 10 s
 * @param outboxKeepCompleted how long completed publications are kept before the hourly
 * purge deletes them, default 7 days
 */
@ConfigurationProperties("promo.timesale.payment")
record PaymentProperties(Duration payLease, Duration connectTimeout, Duration readTimeout, long compensationRetryMs,
		Duration compensationBackoffMax, long outboxResubmitMs, Duration outboxResubmitOlderThan,
		Duration outboxKeepCompleted) {

	PaymentProperties {
		payLease = (payLease != null) ? payLease : Duration.ofSeconds(30);
		connectTimeout = (connectTimeout != null) ? connectTimeout : Duration.ofSeconds(1);
		readTimeout = (readTimeout != null) ? readTimeout : Duration.ofSeconds(3);
		compensationRetryMs = (compensationRetryMs > 0) ? compensationRetryMs : 2000;
		compensationBackoffMax = (compensationBackoffMax != null) ? compensationBackoffMax : Duration.ofSeconds(60);
		outboxResubmitMs = (outboxResubmitMs > 0) ? outboxResubmitMs : 5000;
		outboxResubmitOlderThan = (outboxResubmitOlderThan != null) ? outboxResubmitOlderThan : Duration.ofSeconds(10);
	}

}
