package com.example.promo.common.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Local token settings under {@code promo.security.jwt}. Production sets the standard
 * {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} (or {@code jwk-set-uri})
 * instead and leaves {@code hmac-secret} empty.
 *
 * @param hmacSecret shared HS256 secret for locally minted tokens
 * ({@code scripts/token.sh}); at least 32 bytes, or empty to disable
 */
@ConfigurationProperties("promo.security.jwt")
public record SecurityProperties(String hmacSecret) {
}
