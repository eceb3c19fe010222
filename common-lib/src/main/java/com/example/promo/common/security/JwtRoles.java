package com.example.promo.common.security;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.util.StringUtils;

/**
 * A token's roles as {@code ROLE_*} authorities: its {@code roles} claim, plus
 * {@code SERVICE} when it carries the service scope (a client-credentials token of an
 * identity provider). {@code SERVICE} is kept only for a subject listed in
 * {@code promo.security.trusted-services}; anyone else's is dropped.
 */
final class JwtRoles implements Converter<Jwt, Collection<GrantedAuthority>> {

	private static final Logger log = LoggerFactory.getLogger(JwtRoles.class);

	private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();

	private final String serviceScope;

	private final Set<String> trustedServices;

	JwtRoles(String serviceScope, Collection<String> trustedServices) {
		this.scopes.setAuthorityPrefix("");
		this.serviceScope = serviceScope;
		this.trustedServices = Set.copyOf(trustedServices);
	}

	@Override
	public Collection<GrantedAuthority> convert(Jwt jwt) {
		Set<String> roles = new LinkedHashSet<>(Objects.requireNonNullElse(
				jwt.getClaimAsStringList(ResourceServerSecurityAutoConfiguration.ROLES_CLAIM), List.of()));
		if (StringUtils.hasText(this.serviceScope) && this.scopes.convert(jwt)
			.stream()
			.anyMatch((scope) -> this.serviceScope.equals(scope.getAuthority()))) {
			roles.add(ResourceServerSecurityAutoConfiguration.SERVICE_ROLE);
		}
		if (roles.contains(ResourceServerSecurityAutoConfiguration.SERVICE_ROLE)
				&& !this.trustedServices.contains(jwt.getSubject())) {
			roles.remove(ResourceServerSecurityAutoConfiguration.SERVICE_ROLE);
			log.debug("Ignoring the SERVICE role of '{}': not in promo.security.trusted-services", jwt.getSubject());
		}
		return roles.stream().<GrantedAuthority>map((role) -> new SimpleGrantedAuthority("ROLE_" + role)).toList();
	}

}
