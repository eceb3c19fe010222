package com.example.promo.point;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * point-service's settings, {@code promo.points.*} (DESIGN.md §4.2).
 *
 * @param businessZone the calendar of once-per-day promotions (default
 * {@code Asia/Seoul})
 * @param restoredLotValidDays days a lot made of what a cancel gives back to expired lots
 * stays valid (default 30)
 * @param purchaseRewardRate points per KRW paid, floored (default 0.01)
 * @param purchaseRewardValidDays days a purchase reward lot stays valid (default 365)
 * @param balanceCacheTtl how long a cached balance lives in Redis (default 60 s)
 * @param expiryCron when the lot expiry sweep runs, Spring cron in UTC (default every
 * minute)
 */
@ConfigurationProperties("promo.points")
public record PointProperties(ZoneId businessZone, int restoredLotValidDays, BigDecimal purchaseRewardRate,
		int purchaseRewardValidDays, Duration balanceCacheTtl, String expiryCron) {

	public PointProperties {
		businessZone = (businessZone != null) ? businessZone : ZoneId.of("Asia/Seoul");
		restoredLotValidDays = (restoredLotValidDays > 0) ? restoredLotValidDays : 30;
		purchaseRewardRate = (purchaseRewardRate != null) ? purchaseRewardRate : new BigDecimal("0.01");
		purchaseRewardValidDays = (purchaseRewardValidDays > 0) ? purchaseRewardValidDays : 365;
		balanceCacheTtl = (balanceCacheTtl != null) ? balanceCacheTtl : Duration.ofSeconds(60);
		expiryCron = (expiryCron != null) ? expiryCron : "0 * * * * *";
	}

}
