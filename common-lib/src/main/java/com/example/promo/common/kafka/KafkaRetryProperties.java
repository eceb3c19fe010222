package com.example.promo.common.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry schedule of a failed Kafka record before it is dead-lettered, under
 * {@code promo.kafka.retry}. A failure that {@link TransientFailures#isTransient goes
 * away by itself} (the database restarting) is retried long enough to ride out a short
 * outage; any other (a poisoned record) a few times only.
 *
 * @param initialIntervalMs first back-off, milliseconds (default 200)
 * @param multiplier growth of each next back-off (default 2.0)
 * @param maxElapsedMs total back-off of a non-transient failure before giving up,
 * milliseconds (default 5000)
 * @param maxIntervalMs longest single back-off, milliseconds (default 5000)
 * @param transientMaxElapsedMs total back-off of a transient failure, milliseconds
 * (default 120000; keep it below the consumer's {@code max.poll.interval.ms}, 300000 by
 * default)
 */
@ConfigurationProperties("promo.kafka.retry")
public record KafkaRetryProperties(@DefaultValue("200") long initialIntervalMs, @DefaultValue("2.0") double multiplier,
		@DefaultValue("5000") long maxElapsedMs, @DefaultValue("5000") long maxIntervalMs,
		@DefaultValue("120000") long transientMaxElapsedMs) {
}
