package com.example.promo.common.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletResponse;

import tools.jackson.databind.json.JsonMapper;

import com.example.promo.common.openapi.OpenApiAutoConfiguration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
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
 * <li>the JWT {@code sub} is the user id ({@link CurrentUserId}), 1–64 characters (else
 * {@code 400 VALIDATION_FAILED} naming {@code sub}, {@link JwtSubjectFilter}); its
 * {@code roles} claim (a list such as {@code ["ADMIN"]}) becomes {@code ROLE_*}
 * authorities; the service's {@link AdminEndpoints} need {@code ADMIN};</li>
 * <li>tokens are checked against the standard Boot {@code issuer-uri}/{@code jwk-set-uri}
 * in production, or an HS256 secret ({@code promo.security.jwt.hmac-secret})
 * locally;</li>
 * <li>401 and 403 are RFC 9457 problems with {@code code} UNAUTHORIZED / FORBIDDEN.</li>
 * </ul>
 */
@AutoConfiguration(before = OAuth2ResourceServerAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SecurityProperties.class)
public class ResourceServerSecurityAutoConfiguration {

	/** The JWT claim that lists the caller's roles. */
	public static final String ROLES_CLAIM = "roles";

	/** The role of admin endpoints ({@link AdminEndpoints}). */
	public static final String ADMIN_ROLE = "ADMIN";

	private static final String[] API_DOCS_PATHS = { "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui/**",
			"/swagger-ui.html" };

	@Bean
	@ConditionalOnMissingBean(SecurityFilterChain.class)
	SecurityFilterChain resourceServerFilterChain(HttpSecurity http, JsonMapper jsonMapper,
			ObjectProvider<AdminEndpoints> adminEndpoints, Environment environment,
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
					// Nothing of the actuator is mapped on the public port: its paths are
					// a 404
					// for anyone, not a 401 hinting that a token would open them.
					String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
					requests.requestMatchers(actuator, actuator + "/**").permitAll();
				}
				adminEndpoints.orderedStream()
					.flatMap((admin) -> admin.endpoints().stream())
					.forEach((endpoint) -> requests.requestMatchers(endpoint.method(), endpoint.pattern())
						.hasRole(ADMIN_ROLE));
				requests.anyRequest().authenticated();
			})
			.oauth2ResourceServer((oauth2) -> oauth2.jwt((jwt) -> jwt.jwtAuthenticationConverter(rolesConverter()))
				.authenticationEntryPoint((request, response, ex) -> writeProblem(response, jsonMapper,
						HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid bearer token is required."))
				.accessDeniedHandler((request, response, ex) -> writeProblem(response, jsonMapper, HttpStatus.FORBIDDEN,
						"FORBIDDEN", "This operation needs a role the caller does not have.")));
		return http.build();
	}

	@Bean
	@ConditionalOnMissingBean(JwtDecoder.class)
	@ConditionalOnProperty("promo.security.jwt.hmac-secret")
	JwtDecoder hmacJwtDecoder(SecurityProperties properties) {
		byte[] secret = properties.hmacSecret().getBytes(StandardCharsets.UTF_8);
		if (secret.length < 32) {
			throw new IllegalStateException("promo.security.jwt.hmac-secret must be at least 32 bytes for HS256");
		}
		return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
	}

	private static JwtAuthenticationConverter rolesConverter() {
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(ResourceServerSecurityAutoConfiguration::roles);
		return converter;
	}

	private static Collection<GrantedAuthority> roles(Jwt jwt) {
		List<String> roles = jwt.getClaimAsStringList(ROLES_CLAIM);
		if (roles == null) {
			return List.of();
		}
		return roles.stream().<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
	}

	private static void writeProblem(HttpServletResponse response, JsonMapper jsonMapper, HttpStatus status,
			String code, String detail) throws IOException {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("code", code);
		response.setStatus(status.value());
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		jsonMapper.writeValue(response.getOutputStream(), problem);
	}

}
