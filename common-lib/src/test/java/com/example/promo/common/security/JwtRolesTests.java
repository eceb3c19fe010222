package com.example.promo.common.security;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class JwtRolesTests {

	private final JwtRoles roles = new JwtRoles("promo:service", List.of("timesale-service", "point-service"));

	private static Jwt.Builder token(String subject) {
		return Jwt.withTokenValue("t")
			.header("alg", "HS256")
			.subject(subject)
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
	}

	private List<String> of(Jwt jwt) {
		return this.roles.convert(jwt).stream().map(GrantedAuthority::getAuthority).toList();
	}

	@Test
	void turnsTheRolesClaimIntoRoleAuthorities() {
		assertThat(of(token("root").claim("roles", List.of("ADMIN")).build())).containsExactly("ROLE_ADMIN");
		assertThat(of(token("alice").build())).isEmpty();
	}

	@Test
	void honoursServiceOnlyForTrustedServices() {
		assertThat(of(token("timesale-service").claim("roles", List.of("SERVICE")).build()))
			.containsExactly("ROLE_SERVICE");
		assertThat(of(token("alice").claim("roles", List.of("SERVICE", "ADMIN")).build()))
			.containsExactly("ROLE_ADMIN");
	}

	@Test
	void grantsServiceForTheServiceScope() {
		assertThat(of(token("point-service").claim("scope", "openid promo:service").build()))
			.containsExactly("ROLE_SERVICE");
		assertThat(of(token("point-service").claim("scp", List.of("promo:service")).build()))
			.containsExactly("ROLE_SERVICE");
		assertThat(of(token("point-service").claim("scope", "promo:other").build())).isEmpty();
		assertThat(of(token("stranger").claim("scope", "promo:service").build())).isEmpty();
	}

}
