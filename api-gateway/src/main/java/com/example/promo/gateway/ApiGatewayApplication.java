package com.example.promo.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * api-gateway (port 4000): Spring Cloud Gateway in front of the services. Routes
 * {@code /api/coupons/**} to coupon-service, {@code /api/points/**} to point-service and
 * {@code /api/timesales/**} to timesale-service, each behind its circuit breaker, gives
 * every request an {@code X-Request-Id}, passes the {@code Authorization} header through
 * (the services validate the JWT), and serves the aggregated Swagger UI at
 * {@code /api/docs}.
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
