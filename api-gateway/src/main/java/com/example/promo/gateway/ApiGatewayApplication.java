package com.example.promo.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * api-gateway (port 4000): Spring Cloud Gateway in front of the services. Routes
 * {@code /api/coupons/**} to coupon-service, {@code /api/points/**} to point-service and
 * {@code /api/timesales/**} to timesale-service, each behind its circuit breaker and time
 * limiter. Before routing it requires a valid JWT (401/403 problems, {@code security}),
 * removes client-sent identity headers and limits each user per route ({@code ratelimit},
 * 429 problems); it gives every request an {@code X-Request-Id}, passes the
 * {@code Authorization} header on (the services validate the JWT too), and serves the
 * aggregated Swagger UI at {@code /api/docs}. See {@code docs/edge.md}.
 */
@SpringBootApplication
public class ApiGatewayApplication {

	/**
	 * Starts the gateway.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		SpringApplication.run(ApiGatewayApplication.class, args);
	}

}
