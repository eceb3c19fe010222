package com.example.promo.timesale.order.web;

import java.math.BigInteger;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

/**
 * Reads a quantity as a JSON integer only: a fraction ({@code 1.5}), an exponent
 * ({@code 1e3}), a string or an integer beyond 32 bits is refused (400 naming the field)
 * instead of being rounded or coerced, so the units held are exactly the units sent.
 */
class WholeUnitsDeserializer extends ValueDeserializer<Integer> {

	@Override
	public Integer deserialize(JsonParser parser, DeserializationContext context) {
		if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
			return (Integer) context.handleUnexpectedToken(Integer.class, parser);
		}
		BigInteger value = parser.getBigIntegerValue();
		if (value.bitLength() > 31) {
			return (Integer) context.handleWeirdNumberValue(Integer.class, value, "out of range");
		}
		return value.intValue();
	}

}
