package com.example.promo.common.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.convert.DataSizeUnit;
import org.springframework.util.unit.DataSize;
import org.springframework.util.unit.DataUnit;

/**
 * Web limits of every servlet service, under {@code promo.web}.
 *
 * @param maxBodyBytes the largest request body accepted ({@code 16384}, {@code 16KB}; a
 * bare number is bytes); a larger one is refused with {@code 400 VALIDATION_FAILED}
 * naming {@code body} before anything reads it
 */
@ConfigurationProperties("promo.web")
public record PromoWebProperties(@DefaultValue("16KB") @DataSizeUnit(DataUnit.BYTES) DataSize maxBodyBytes) {

	/**
	 * @param maxBodyBytes see the record description
	 */
	public PromoWebProperties {
		if (maxBodyBytes.toBytes() < 0 || maxBodyBytes.toBytes() >= Integer.MAX_VALUE) {
			throw new IllegalArgumentException("promo.web.max-body-bytes must be between 0 and 2 GB");
		}
	}

}
