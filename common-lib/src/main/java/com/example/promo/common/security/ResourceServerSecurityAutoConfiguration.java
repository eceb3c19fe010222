package com.example.promo.common.security;

import java.io.IOException;
import java.time.Instant;
import java.util.Objects;

import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import com.example.promo.common.error.ProblemBody;
import com.example.promo.common.openapi.OpenApiAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.client.autoconfigure.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Makes every servlet service an OAuth2 resource server:
 * <ul>
 * <li>every request needs a valid bearer JWT, except the OpenAPI/Swagger UI resources
 * while they are enabled ({@value OpenApiAutoConfiguration#ENABLED_PROPERTY}) and the
 * actuator endpoints, which are served on the management port
 * ({@code management.server.port}) only: there the exposed ones (health, info,
 * prometheus) answer without a token, and on the public port {@code /actuator/**} is a
 * 404 for anyone;</li>
 * <li>the JWT {@code sub} is the caller ({@link CurrentUserId}), 1–64 characters (else
 * {@code 400 VALIDATION_FAILED} naming {@code sub}, {@link JwtSubjectFilter}); its
 * {@code roles} claim (a list such as {@code ["ADMIN"]}) becomes {@code ROLE_*}
 * authorities, the service scope adds {@code SERVICE}, and {@code SERVICE} counts only
 * for trusted services ({@link JwtRoles}); the service's {@link AdminEndpoints} need
 * their roles;</li>
 * <li>exactly one verifier ({@link JwtVerifier}): the HS256 secret
 * ({@code promo.security.jwt.hmac-secret}, issuer {@code promo.security.jwt.issuer}), or
 * Boot's own decoder for {@code issuer-uri}/{@code jwk-set-uri}. Either way every token
 * needs {@code exp}, and an {@code aud} among Boot's
 * {@code spring.security.oauth2.resourceserver.jwt.audiences} when those are set;</li>
 * <li>401 and 403 are RFC 9457 problems with {@code code} UNAUTHORIZED / FORBIDDEN.</li>
 * </ul>
 */
@AutoConfiguration(
		before = { OAuth2ResourceServerAutoConfiguration.class, OAuth2ClientWebSecurityAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ SecurityProperties.class, OAuth2ResourceServerProperties.class })
public class ResourceServerSecurityAutoConfiguration {

	/** The JWT claim that lists the caller's roles. */
	public static final String ROLES_CLAIM = "roles";

	/** The role of admin endpoints ({@link AdminEndpoints}). */
	public static final String ADMIN_ROLE = "ADMIN";

	/** The role of a trusted service calling as itself (DESIGN.md §5). */
	public static final String SERVICE_ROLE = "SERVICE";

	private static final String[] API_DOCS_PATHS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
			"/swagger-ui.html" };

	@Bean
	JwtVerifier jwtVerifier(Environment environment) {
		return JwtVerifier.configured(environment);
	}

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JsonMapper jsonMapper,
			ObjectProvider<AdminEndpoints> adminEndpoints, SecurityProperties properties, Environment environment,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		http.csrf((csrf) -> csrf.disable())
			.addFilterAfter(new JwtSubjectFilter(exceptionResolver), BearerTokenAuthenticationFilter.class)
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> {
				requests.requestMatchers("/error").permitAll();
				if (environment.getProperty(OpenApiAutoConfiguration.ENABLED_PROPERTY, Boolean.class, true)) {
					requests.requestMatchers(API_DOCS_PATHS).permitAll();
				}
				// On a separate management port this matches requests on that port only.
				requests.requestMatchers(EndpointRequest.toAnyEndpoint()).permitAll();
				if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
					// Nothing of the actuator is mapped on the public port: its paths
					// are a 404 for anyone, not a 401 hinting that a token would open
					// them.
					String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
					requests.requestMatchers(actuator, actuator + "/**").permitAll();
				}
				adminEndpoints.orderedStream()
					.flatMap((admin) -> admin.endpoints().stream())
					.forEach((endpoint) -> requests.requestMatchers(endpoint.method(), endpoint.pattern())
						.hasAnyRole(endpoint.roles().toArray(String[]::new)));
				requests.anyRequest().authenticated();
			})
			.oauth2ResourceServer((oauth2) -> oauth2
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesConverter(properties)))
				.authenticationEntryPoint((request, response, ex) -> writeProblem(response, jsonMapper,
						HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid bearer token is required."))
				.accessDeniedHandler((request, response, ex) -> writeProblem(response, jsonMapper, HttpStatus.FORBIDDEN,
						"FORBIDDEN", "This operation needs a role the caller does not have.")));
		return http.build();
	}

	/**
	 * Every token must expire. Boot adds {@code OAuth2TokenValidator<Jwt>} beans to its
	 * own decoder; {@link #hmacJwtDecoder} adds them too.
	 * @return a validator refusing tokens without {@code exp}
	 */
	@Bean
	OAuth2TokenValidator<Jwt> expiryRequired() {
		return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	@ConditionalOnHmacSecret
	JwtDecoder hmacJwtDecoder(SecurityProperties properties, OAuth2ResourceServerProperties resourceServer,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(HmacTokens.key(properties.jwt().hmacSecret()))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(HmacTokens.validator(properties.jwt().issuer(), resourceServer.getJwt().getAudiences(),
				additionalValidators.orderedStream()));
		return decoder;
	}

	private static JwtAuthenticationConverter rolesConverter(SecurityProperties properties) {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter
			.setJwtGrantedAuthoritiesConverter(new JwtRoles(properties.serviceScope(), properties.trustedServices()));
		return converter;
	}

	private static void writeProblem(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status,
			String code, String detail) throws IOException {
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), ProblemBody.of(status, code, detail));
	}

}
