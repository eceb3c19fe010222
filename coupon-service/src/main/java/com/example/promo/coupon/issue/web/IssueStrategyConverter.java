package com.example.promo.coupon.issue.web;

import com.example.promo.coupon.issue.IssueStrategy;

import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Reads {@code ?strategy=v1|v2|v3} (any case); anything else is a 400 naming
 * {@code strategy}.
 */
@Component
class IssueStrategyConverter implements Converter<String, IssueStrategy> {

	@Override
	public IssueStrategy convert(String source) {
		return IssueStrategy.of(source);
	}

}
