package com.example.promo.common.security;

/**
 * A service refusing to start because its security configuration is unsafe or incomplete
 * ({@link JwtVerifier}, {@link UnsetSecretsCheck}). Reported by
 * {@link StartupRefusalFailureAnalyzer} as the reason and what to do.
 */
class StartupRefusal extends IllegalStateException {

	private final String reason;

	private final String action;

	/**
	 * @param reason what is wrong
	 * @param action what to set
	 */
	StartupRefusal(String reason, String action) {
		super(reason + " " + action);
		this.reason = reason;
		this.action = action;
	}

	String reason() {
		return this.reason;
	}

	String action() {
		return this.action;
	}

}
