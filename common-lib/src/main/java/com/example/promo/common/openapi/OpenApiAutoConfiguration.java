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
 */
@AutoConfiguration
@ConditionalOnClass(OpenAPI.class)
public class OpenApiAutoConfiguration {

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
