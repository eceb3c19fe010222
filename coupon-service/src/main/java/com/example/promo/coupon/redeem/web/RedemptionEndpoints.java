package com.example.promo.coupon.redeem.web;

import com.example.promo.common.security.AdminEndpoints;
import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Only the order system (a trusted {@code SERVICE}) or an admin may undo a redemption
 * (DESIGN.md §4.1): a user who could would discount unlimited orders with one coupon.
 */
@Configuration(proxyBeanMethods = false)
class RedemptionEndpoints {

	@Bean
	AdminEndpoints redemptionCancelEndpoints() {
		return AdminEndpoints.ofAnyRole(HttpMethod.POST, "/api/coupons/issued/*/cancel-redemption",
				ResourceServerSecurityAutoConfiguration.SERVICE_ROLE,
				ResourceServerSecurityAutoConfiguration.ADMIN_ROLE);
	}

}
