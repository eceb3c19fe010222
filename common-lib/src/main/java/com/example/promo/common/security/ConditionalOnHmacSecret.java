package com.example.promo.common.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code promo.security.jwt.hmac-secret} is set to a non-blank value (or,
 * with {@code present = false}, when it is not): tokens are then verified, and service
 * tokens minted, with the shared secret.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnHmacSecret.OnHmacSecret.class)
public @interface ConditionalOnHmacSecret {

	/**
	 * @return whether the secret must be set (default) or unset
	 */
	boolean present() default true;

	/** Evaluates {@link ConditionalOnHmacSecret}. */
	class OnHmacSecret extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			boolean wanted = (boolean) metadata.getAnnotationAttributes(ConditionalOnHmacSecret.class.getName())
				.get("present");
			boolean set = JwtVerifier.hmacSecretSet(context.getEnvironment());
			String state = JwtVerifier.HMAC_SECRET + (set ? " is set" : " is not set");
			return (set == wanted) ? ConditionOutcome.match(state) : ConditionOutcome.noMatch(state);
		}

	}

}
