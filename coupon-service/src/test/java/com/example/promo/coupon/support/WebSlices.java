package com.example.promo.coupon.support;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

/**
 * Callers and problem assertions for the {@code @WebMvcTest} slices, which import
 * common-lib's problem details and resource-server security. A caller is an authenticated
 * JWT ({@code with(jwt())}): its roles are given as authorities, so the slices test which
 * role an endpoint needs, not how a token's claims become roles (common-lib's tests and
 * the full-context tests do that).
 */
public final class WebSlices {

	private WebSlices() {
	}

	/**
	 * @param subject the JWT subject
	 * @return a caller without roles
	 */
	public static RequestPostProcessor user(String subject) {
		return jwt().jwt((token) -> token.subject(subject)).authorities(List.of());
	}

	/**
	 * @param subject the JWT subject
	 * @param role the role, e.g. {@code ADMIN} or {@code SERVICE}
	 * @return a caller with that role
	 */
	public static RequestPostProcessor withRole(String subject, String role) {
		return jwt().jwt((token) -> token.subject(subject).claim("roles", List.of(role)))
			.authorities(new SimpleGrantedAuthority("ROLE_" + role));
	}

	/**
	 * Asserts an RFC 9457 problem with the status and stable {@code code}.
	 * @param result the exchange
	 * @param status the status
	 * @param code the problem's {@code code}
	 */
	public static void assertProblem(MvcTestResult result, HttpStatus status, String code) {
		assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
	}

	/**
	 * Asserts a {@code 400 VALIDATION_FAILED} problem that names the field.
	 * @param result the exchange
	 * @param field the field the problem must name
	 */
	public static void assertValidationFailed(MvcTestResult result, String field) {
		assertProblem(result, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
	}

	/**
	 * Asserts a {@code 400 VALIDATION_FAILED} problem that names this field and no other.
	 * @param result the exchange
	 * @param field the one field the problem must name
	 */
	public static void assertOnlyFieldInvalid(MvcTestResult result, String field) {
		assertProblem(result, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().containsOnly(field);
	}

}
