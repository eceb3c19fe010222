package com.example.promo.point;

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
 * point-service: a points ledger over lots with expiry — admin grants, uses with three
 * strategies (v1 DB lock, v2 Redis gate, v3 Kafka queue) and their cancels, daily reward
 * promotions and purchase rewards. Port 3002, database {@code point_db}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PointServiceApplication {

	/**
	 * Starts the service.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(PointServiceApplication.class, args);
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
		return AdminEndpoints.of(HttpMethod.POST, "/api/points/grants")
			.and(HttpMethod.POST, "/api/points/promotions")
			.and(HttpMethod.PATCH, "/api/points/promotions/*/status")
			.and(HttpMethod.GET, "/api/points/admin/**")
			.and(HttpMethod.POST, "/api/points/admin/**")
			.andAnyRole(HttpMethod.POST, "/api/points/uses/*/cancel", "SERVICE", "ADMIN");
	}

}
