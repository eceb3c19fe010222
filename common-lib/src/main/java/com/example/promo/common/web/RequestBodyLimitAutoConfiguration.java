package com.example.promo.common.web;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Caps the request body of every servlet service ({@link RequestBodyLimitFilter},
 * {@code promo.web.max-body-bytes}, default 16 KiB). It runs after the security filter
 * chain, so an anonymous caller is refused with 401 before any of its body is read.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(PromoWebProperties.class)
public class RequestBodyLimitAutoConfiguration {

	@Bean
	FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(PromoWebProperties properties,
			@Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
		FilterRegistrationBean<RequestBodyLimitFilter> registration = new FilterRegistrationBean<>(
				new RequestBodyLimitFilter((int) properties.maxBodyBytes().toBytes(), exceptionResolver));
		// After Spring Security's filter chain (order -100), before the
		// DispatcherServlet.
		registration.setOrder(0);
		return registration;
	}

}
