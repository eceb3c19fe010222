package com.example.promo.gateway;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The services' OpenAPI documents for the aggregated Swagger UI at {@code /api/docs}:
 * {@code /api/docs/coupon-service/v3/api-docs} is coupon-service's {@code /v3/api-docs},
 * {@code /api/docs/point-service/v3/api-docs} point-service's,
 * {@code /api/docs/timesale-service/v3/api-docs} timesale-service's, each to
 * {@code lb://<service>} (an instance from discovery). Only routed while
 * {@code promo.api-docs.enabled} is true (the default); with it off the gateway serves no
 * API docs at all and these paths answer 404.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "promo.api-docs.enabled", matchIfMissing = true)
class ApiDocsRoutes {

	@Bean
	RouteLocator serviceApiDocsRoutes(RouteLocatorBuilder routes) {
		return routes.routes()
			.route("coupon-service-api-docs",
					(route) -> route.path("/api/docs/coupon-service/v3/api-docs")
						.filters((filters) -> filters.setPath("/v3/api-docs"))
						.uri("lb://coupon-service"))
			.route("point-service-api-docs",
					(route) -> route.path("/api/docs/point-service/v3/api-docs")
						.filters((filters) -> filters.setPath("/v3/api-docs"))
						.uri("lb://point-service"))
			.route("timesale-service-api-docs",
					(route) -> route.path("/api/docs/timesale-service/v3/api-docs")
						.filters((filters) -> filters.setPath("/v3/api-docs"))
						.uri("lb://timesale-service"))
			.build();
	}

}
