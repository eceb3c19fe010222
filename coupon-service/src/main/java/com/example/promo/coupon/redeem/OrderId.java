package com.example.promo.coupon.redeem;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * An order id: 1–64 characters of letters, digits, {@code - _ . :}.
 */
@NotBlank
@Size(max = 64)
@Pattern(regexp = "[A-Za-z0-9._:-]+")
@Constraint(validatedBy = {})
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface OrderId {

	/**
	 * @return the message of a violation (each composing constraint reports its own)
	 */
	String message() default "must be an order id";

	/**
	 * @return validation groups
	 */
	Class<?>[] groups() default {};

	/**
	 * @return payload
	 */
	Class<? extends Payload>[] payload() default {};

}
