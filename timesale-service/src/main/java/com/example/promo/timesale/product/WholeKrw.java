package com.example.promo.timesale.product;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads an amount of KRW as a JSON integer only: a fraction ({@code 1.5}), an exponent
 * ({@code 1e3}) or a string is refused (400 naming the field) instead of being rounded or
 * coerced, so a price is exactly the price sent.
 */
public class WholeKrw extends ValueDeserializer<Long> {

	/**
	 * The largest price accepted, KRW (ten billion): price × units always fits a BIGINT.
	 */
	public static final long MAX = 10_000_000_000L;

	@Override
	public Long deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
			return (Long) context.handleUnexpectedToken(Long.class, parser);
		}
		return parser.getLongValue();
	}

}
