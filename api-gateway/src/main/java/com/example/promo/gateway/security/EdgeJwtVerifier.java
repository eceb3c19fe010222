package com.example.promo.gateway.security;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;

/**
 * The one verifier of bearer tokens at the edge, chosen as the services choose theirs
 * (common-lib's {@code JwtVerifier}, which is servlet-side and not on the gateway's
 * classpath): a shared HS256 secret ({@value #HMAC_SECRET} with {@value #ISSUER}) or an
 * identity provider ({@value #ISSUER_URI} or {@value #JWK_SET_URI}, verified by Boot's
 * own reactive decoder). None, both, or a secret without an issuer: the gateway refuses
 * to start. A blank value counts as unset.
 */
enum EdgeJwtVerifier {

	/** The shared HS256 secret. */
	HMAC,

	/** An identity provider, through Boot's decoder. */
	IDENTITY_PROVIDER;

	static final String HMAC_SECRET = "promo.security.jwt.hmac-secret";

	static final String ISSUER = "promo.security.jwt.issuer";

	static final String ISSUER_URI = "spring.security.oauth2.resourceserver.jwt.issuer-uri";

	static final String JWK_SET_URI = "spring.security.oauth2.resourceserver.jwt.jwk-set-uri";

	private static final String ACTION = " Set exactly one verifier: " + HMAC_SECRET + " (at least 32 bytes) with "
			+ ISSUER + " (env PROMO_JWT_SECRET, PROMO_JWT_ISSUER; the 'local' profile has the development ones), or "
			+ ISSUER_URI + " or " + JWK_SET_URI + " for an identity provider.";

	/**
	 * @param properties the environment
	 * @return the configured verifier
	 * @throws IllegalStateException if none, both, or a secret without an issuer
	 */
	static EdgeJwtVerifier configured(PropertyResolver properties) {
		boolean hmac = isSet(properties, HMAC_SECRET);
		boolean provider = isSet(properties, ISSUER_URI) || isSet(properties, JWK_SET_URI);
		if (hmac && provider) {
			throw new IllegalStateException("Two JWT verifiers are configured: " + HMAC_SECRET + " and " + ISSUER_URI
					+ "/" + JWK_SET_URI + "; tokens signed with the shared secret would pass next to the identity"
					+ " provider's." + ACTION);
		}
		if (!hmac && !provider) {
			throw new IllegalStateException("No JWT verifier is configured." + ACTION);
		}
		if (hmac && !isSet(properties, ISSUER)) {
			throw new IllegalStateException(HMAC_SECRET + " is set but " + ISSUER + " is not." + ACTION);
		}
		return hmac ? HMAC : IDENTITY_PROVIDER;
	}

	private static boolean isSet(PropertyResolver properties, String name) {
		return StringUtils.hasText(properties.getProperty(name));
	}

}
