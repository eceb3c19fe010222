package com.example.promo.timesale;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * timesale-service's settings, {@code promo.timesale.*} (DESIGN.md §4.3).
 *
 * @param defaultHoldSeconds seconds an order holds its units when the sale does not say
 * (default 600)
 * @param expirySweepMs how often the hold expiry sweep runs, milliseconds (default 5000;
 * one instance at a time)
 * @param refundWindow how long after payment a paid order may be refunded (default 7
 * days)
 * @param couponServiceUrl coupon-service's base URL for the pay saga (default
 * {@code http://127.0.0.1:3001})
 * @param pointServiceUrl point-service's base URL for the pay saga (default
 * {@code http://127.0.0.1:3002})
 */
@ConfigurationProperties("promo.timesale")
public record TimesaleProperties(int defaultHoldSeconds, long expirySweepMs, Duration refundWindow,
		String couponServiceUrl, String pointServiceUrl) {

	public TimesaleProperties {
		defaultHoldSeconds = (defaultHoldSeconds > 0) ? defaultHoldSeconds : 600;
		expirySweepMs = (expirySweepMs > 0) ? expirySweepMs : 5000;
		refundWindow = (refundWindow != null) ? refundWindow : Duration.ofDays(7);
		couponServiceUrl = (couponServiceUrl != null) ? couponServiceUrl : "http://127.0.0.1:3001";
		pointServiceUrl = (pointServiceUrl != null) ? pointServiceUrl : "http://127.0.0.1:3002";
	}

}
