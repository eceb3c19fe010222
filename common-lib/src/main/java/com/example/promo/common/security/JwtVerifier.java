package com.example.promo.common.security;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * The one verifier of bearer tokens. Exactly one must be configured, or the service
 * refuses to start ({@link StartupRefusal}): a shared HS256 secret ({@value #HMAC_SECRET}
 * with {@value #ISSUER}; the {@code local} profile) or an identity provider
 * ({@value #ISSUER_URI} or {@value #JWK_SET_URI}, verified by Boot's own decoder). Both
 * at once would accept tokens signed with the shared secret next to the provider's. A
 * blank value counts as unset. The services and the gateway use it alike.
 */
public enum JwtVerifier {

	/** The shared HS256 secret. */
	HMAC,

	/** An identity provider, through Boot's decoder. */
	IDENTITY_PROVIDER;

	public static final String HMAC_SECRET = "promo.security.jwt.hmac-secret";

	public static final String ISSUER = "promo.security.jwt.issuer";

	public static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	public static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	/** What to set, shown under a refusal. */
	static final String ACTION = "Set exactly one verifier: " + HMAC_SECRET + " (at least 32 bytes) with " + ISSUER
			+ " for a shared HS256 secret (the 'local' profile has the development ones), or " + ISSUER_URI + " or "
			+ JWK_SET_URI + " for an identity provider.";

	/**
	 * @param properties the environment
	 * @return the configured verifier
	 * @throws IllegalStateException (a {@code StartupRefusal}, explained at startup) if
	 * none, both, or a secret without an issuer
	 */
	public static JwtVerifier configured(PropertyResolver properties) {
		boolean hmac = isSet(properties, HMAC_SECRET);
		boolean provider = isSet(properties, ISSUER_URI) || isSet(properties, JWK_SET_URI);
		if (hmac && provider) {
			throw new StartupRefusal("Two JWT verifiers are configured: " + HMAC_SECRET + " and " + ISSUER_URI + "/"
					+ JWK_SET_URI + ". Tokens signed with the shared secret would be accepted next to the"
					+ " identity provider's.", ACTION);
		}
		if (!hmac && !provider) {
			throw new StartupRefusal("No JWT verifier is configured: neither " + HMAC_SECRET + " nor " + ISSUER_URI
					+ "/" + JWK_SET_URI + " is set.", ACTION);
		}
		if (hmac && !isSet(properties, ISSUER)) {
			throw new StartupRefusal(HMAC_SECRET + " is set but " + ISSUER
					+ " is not: tokens verified with the shared secret must name their issuer.", ACTION);
		}
		return hmac ? HMAC : IDENTITY_PROVIDER;
	}

	/**
	 * @param properties the environment
	 * @return whether the shared secret is set (not blank)
	 */
	static boolean hmacSecretSet(PropertyResolver properties) {
		return isSet(properties, HMAC_SECRET);
	}

	private static boolean isSet(PropertyResolver properties, String name) {
		return StringUtils.hasText(properties.getProperty(name));
	}

}
