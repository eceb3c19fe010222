package com.example.promo.common.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.core.annotation.AuthenticationPrincipal;

/**
 * Binds a controller parameter of type {@code String} to the acting user's id: the
 * subject of the validated JWT. The acting user never comes from a body, query parameter
 * or custom header.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@AuthenticationPrincipal(expression = "subject", errorOnInvalidType = true)
public @interface CurrentUserId {

}
