package com.example.promo.timesale;

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
 * timesale-service: flash sales — products, time sales with stock holds, orders with
 * three strategies (v1 DB lock, v2 Redis gate, v3 Kafka waiting room), a pay saga over
 * coupon-service and point-service, refunds, and a transactional outbox to
 * point-service's purchase rewards. Port 3003, database {@code timesale_db}.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TimesaleServiceApplication {

	/**
	 * Starts the service.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(TimesaleServiceApplication.class, args);
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
		return AdminEndpoints.of(HttpMethod.POST, "/api/timesales/products")
			.and(HttpMethod.POST, "/api/timesales")
			.and(HttpMethod.PATCH, "/api/timesales/*/status")
			.and(HttpMethod.GET, "/api/timesales/admin/**")
			.and(HttpMethod.POST, "/api/timesales/admin/**");
	}

}
