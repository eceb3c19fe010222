package com.example.promo.common.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.example.promo.common.error.InvalidFieldException;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses a validated token whose {@code sub} cannot be a user id
 * ({@link CurrentUserId}): blank, or longer than {@value #MAX_LENGTH} characters, the
 * width of every {@code user_id} column. Runs right after authentication, before any
 * controller, and answers {@code 400 VALIDATION_FAILED} naming {@code sub} through the
 * services' exception handling, so nothing is read or written with such an id.
 */
final class JwtSubjectFilter extends OncePerRequestFilter {

	/** The longest user id, as every {@code user_id} column stores it. */
	static final int MAX_LENGTH = 64;

	private final HandlerExceptionResolver exceptionResolver;

	JwtSubjectFilter(HandlerExceptionResolver exceptionResolver) {
		this.exceptionResolver = exceptionResolver;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof JwtAuthenticationToken jwt) {
			String subject = jwt.getToken().getSubject();
			if (subject == null || subject.isBlank() || subject.length() > MAX_LENGTH) {
				this.exceptionResolver.resolveException(request, response, null, new InvalidFieldException("sub",
						"the token's subject must be a user id of 1 to " + MAX_LENGTH + " characters"));
				return;
			}
		}
		chain.doFilter(request, response);
	}

}
