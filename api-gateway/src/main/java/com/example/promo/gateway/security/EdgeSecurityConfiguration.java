package com.example.promo.gateway.security;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import com.example.promo.common.security.ConditionalOnHmacSecret;
import com.example.promo.common.security.HmacTokens;
import com.example.promo.common.security.JwtVerifier;
import com.example.promo.gateway.EdgeProblems;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.util.StringUtils;

/**
 * JWT at the edge (DESIGN.md §4.4): every request needs a valid bearer token before any
 * routing, verified as the services verify it (one verifier, {@link JwtVerifier}; HS256
 * with {@code iss} checked, or the identity provider's keys; {@code exp} required;
 * unsigned {@code alg: none} tokens never pass). The token still goes on to the services,
 * which validate it again.
 * <ul>
 * <li>No token, or an invalid one (forged, expired, unsigned, wrong issuer): {@code 401}
 * problem, {@code code: UNAUTHORIZED}.</li>
 * <li>A {@code SERVICE} token (role {@code SERVICE} in {@code roles}, or the service
 * scope): {@code 403} problem, {@code code: FORBIDDEN}. Services call each other
 * directly, never through the edge.</li>
 * <li>Public without a token: only the API docs and Swagger UI ({@code /api/docs/**},
 * {@code /api/swagger-ui/**}, {@code /webjars/swagger-ui/**}), and only while
 * {@code promo.api-docs.enabled} is true; the actuator paths, served only on the
 * management port.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeSecurityProperties.class)
class EdgeSecurityConfiguration {

	/** The JWT claim that lists the caller's roles, as the services read it. */
	static final String ROLES_CLAIM = "roles";

	static final String SERVICE_AUTHORITY = "ROLE_SERVICE";

	/**
	 * The Swagger UI (springdoc serves it under /api/swagger-ui) and the API documents.
	 */
	private static final String[] API_DOCS_PATHS = { "/api/docs", "/api/docs/**", "/api/swagger-ui/**",
			"/webjars/swagger-ui/**" };

	@Bean
	JwtVerifier edgeJwtVerifier(Environment environment) {
		return JwtVerifier.configured(environment);
	}

	@Bean
	SecurityWebFilterChain edgeSecurityFilterChain(ServerHttpSecurity http, EdgeSecurityProperties properties,
			Environment environment, JwtVerifier verifier) {
		ServerAuthenticationEntryPoint unauthorized = (exchange, ex) -> EdgeProblems.write(exchange.getResponse(),
				HttpStatus.UNAUTHORIZED, "UNAUTHORIZED", "A valid bearer token is required.");
		ServerAccessDeniedHandler forbidden = (exchange, ex) -> EdgeProblems.write(exchange.getResponse(),
				HttpStatus.FORBIDDEN, "FORBIDDEN",
				"Service tokens are not accepted at the edge; services call each other directly.");
		boolean apiDocs = environment.getProperty("promo.api-docs.enabled", Boolean.class, true);
		http.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.anonymous(ServerHttpSecurity.AnonymousSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> {
				if (apiDocs) {
					exchanges.pathMatchers(API_DOCS_PATHS).permitAll();
				}
				if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT) {
					// The actuator lives on the management port only: on the public
					// port its paths are a 404 for anyone, not a 401 hinting that a
					// token would open them.
					String actuator = environment.getProperty("management.endpoints.web.base-path", "/actuator");
					exchanges.pathMatchers(actuator, actuator + "/**").permitAll();
				}
				exchanges.anyExchange().access(EdgeSecurityConfiguration::notAServiceToken);
			})
			.oauth2ResourceServer((oauth2) -> oauth2
				.jwt((jwt) -> jwt.jwtAuthenticationConverter(
						new ReactiveJwtAuthenticationConverterAdapter(rolesConverter(properties.serviceScope()))))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(handling) -> handling.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
		return http.build();
	}

	/** An authenticated caller that is not a service. */
	private static Mono<AuthorizationResult> notAServiceToken(Mono<Authentication> authentication,
			AuthorizationContext context) {
		return authentication.filter(Authentication::isAuthenticated)
			.<AuthorizationResult>map((caller) -> new AuthorizationDecision(caller.getAuthorities()
				.stream()
				.noneMatch((authority) -> SERVICE_AUTHORITY.equals(authority.getAuthority()))))
			.defaultIfEmpty(new AuthorizationDecision(false));
	}

	/**
	 * Every token must expire. Boot adds {@code OAuth2TokenValidator<Jwt>} beans to its
	 * own decoder (identity provider); {@link #hmacJwtDecoder} adds them too.
	 * @return a validator refusing tokens without {@code exp}
	 */
	@Bean
	OAuth2TokenValidator<Jwt> expiryRequired() {
		return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
	}

	@Bean
	@ConditionalOnHmacSecret
	ReactiveJwtDecoder hmacJwtDecoder(EdgeSecurityProperties properties, OAuth2ResourceServerProperties resourceServer,
			ObjectProvider<OAuth2TokenValidator<Jwt>> additionalValidators) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder
			.withSecretKey(HmacTokens.key(properties.jwt().hmacSecret()))
			.macAlgorithm(MacAlgorithm.HS256)
			.build();
		decoder.setJwtValidator(HmacTokens.validator(properties.jwt().issuer(), resourceServer.getJwt().getAudiences(),
				additionalValidators.orderedStream()));
		return decoder;
	}

	/**
	 * The token's {@code roles} as {@code ROLE_*}, plus {@code SERVICE} for the service
	 * scope.
	 */
	static JwtAuthenticationConverter rolesConverter(String serviceScope) {
		JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
		scopes.setAuthorityPrefix("");
		Converter<Jwt, Collection<GrantedAuthority>> roles = (jwt) -> {
			Set<String> names = new LinkedHashSet<>(
					Objects.requireNonNullElse(jwt.getClaimAsStringList(ROLES_CLAIM), List.of()));
			if (StringUtils.hasText(serviceScope)
					&& scopes.convert(jwt).stream().anyMatch((scope) -> serviceScope.equals(scope.getAuthority()))) {
				names.add("SERVICE");
			}
			return names.stream().<GrantedAuthority>map((name) -> new SimpleGrantedAuthority("ROLE_" + name)).toList();
		};
		JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(roles);
		return converter;
	}

}
