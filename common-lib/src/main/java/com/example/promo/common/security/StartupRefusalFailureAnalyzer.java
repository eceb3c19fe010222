package com.example.promo.common.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows a {@link StartupRefusal} as the reason a service did not start, instead of a
 * stack trace (registered in {@code META-INF/spring.factories}).
 */
class StartupRefusalFailureAnalyzer extends AbstractFailureAnalyzer<StartupRefusal> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, StartupRefusal cause) {
		return new FailureAnalysis(cause.reason(), cause.action(), cause);
	}

}
