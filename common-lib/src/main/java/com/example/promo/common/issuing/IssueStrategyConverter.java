package com.example.promo.common.issuing;

import org.springframework.core.convert.converter.Converter;

/**
 * Reads {@code ?strategy=v1|v2|v3} (any case); anything else is a 400 naming
 * {@code strategy}.
 */

public class IssueStrategyConverter implements Converter<String, IssueStrategy> {

	@Override
	public IssueStrategy convert(String source) {
		return IssueStrategy.of(source);
	}

}
