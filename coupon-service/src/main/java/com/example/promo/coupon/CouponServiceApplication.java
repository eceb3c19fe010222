package com.example.promo.coupon;

import java.time.Clock;
import java.time.Duration;

import com.example.promo.common.security.AdminEndpoints;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * coupon-service: coupon policies, first-come-first-served issuing with three strategies
 * (v1 DB lock, v2 Redis gate, v3 Kafka queue) and redemption. Port 3001, database
 * {@code coupon_db}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CouponServiceApplication {

	/**
	 * Starts the service.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(CouponServiceApplication.class, args);
	}

	/**
	 * UTC, ticking in microseconds: what {@code DATETIME(6)} stores, so a 201's times
	 * equal every later read of the same row.
	 * @return the clock every component reads the time from
	 */
	@Bean
	Clock clock() {
		return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
	}

	@Bean
	AdminEndpoints adminEndpoints() {
		return AdminEndpoints.of(HttpMethod.POST, "/api/coupons")
			.and(HttpMethod.PATCH, "/api/coupons/*/status")
			.and(HttpMethod.GET, "/api/coupons/admin/**")
			.and(HttpMethod.POST, "/api/coupons/admin/**");
	}

}
