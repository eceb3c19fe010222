package com.example.promo.common.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Retry schedule of a failed Kafka record before it is dead-lettered, under
 * {@code promo.kafka.retry}.
 *
 * @param initialIntervalMs first back-off, milliseconds (default 200)
 * @param multiplier growth of each next back-off (default 2.0)
 * @param maxElapsedMs total back-off before giving up, milliseconds (default 5000)
 */
@ConfigurationProperties("promo.kafka.retry")
public record KafkaRetryProperties(@DefaultValue("200") long initialIntervalMs, @DefaultValue("2.0") double multiplier,
		@DefaultValue("5000") long maxElapsedMs) {
}
