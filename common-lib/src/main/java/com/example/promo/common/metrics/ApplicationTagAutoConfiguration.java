package com.example.promo.common.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Tags every meter of an app with {@code application} = {@code spring.application.name}
 * ({@code coupon-service}, {@code api-gateway}, …), so one dashboard tells the apps apart
 * whatever the scrape job is called (the replicas of a service share it; the scrape's
 * {@code instance} label tells them apart).
 */
@AutoConfiguration
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnProperty("spring.application.name")
public class ApplicationTagAutoConfiguration {

	/** The tag's key. */
	public static final String TAG = "application";

	@Bean
	MeterFilter applicationTag(Environment environment) {
		return MeterFilter.commonTags(Tags.of(TAG, environment.getRequiredProperty("spring.application.name")));
	}

}
