package com.example.promo.common.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The service's OpenAPI document: bearer-JWT security on every operation, and the
 * relative server {@code /}, so "Try it out" in the gateway's aggregated Swagger UI
 * ({@code /api/docs}) sends requests through the gateway.
 * <p>
 * {@value #ENABLED_PROPERTY} (default true) is each service's one switch for its API
 * docs: its {@code application.yml} turns springdoc's document and UI on or off with it,
 * and the security filter chain lets anonymous callers reach them only while it is on.
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

	/**
	 * Whether the OpenAPI document and Swagger UI are served; env
	 * {@code PROMO_API_DOCS_ENABLED}.
	 */
	public static final String ENABLED_PROPERTY = "promo.api-docs.enabled";

	private static final String BEARER = "bearer-jwt";

	@Bean
	@ConditionalOnMissingBean(OpenAPI.class)
	OpenAPI serviceOpenApi(@Value("${spring.application.name}") String name) {
		return new OpenAPI().info(new Info().title(name).version("v1"))
			.addServersItem(new Server().url("/"))
			.components(new Components().addSecuritySchemes(BEARER,
					new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
			.addSecurityItem(new SecurityRequirement().addList(BEARER));
	}

}
