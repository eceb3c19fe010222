package com.example.promo.common.issuing;

import java.util.Locale;

/**
 * How an issue request is served ({@code ?strategy=v1|v2|v3}, default v2). Whatever the
 * strategy, the database's conditional update and unique keys decide.
 */
public enum IssueStrategy {

	/**
	 * One transaction: {@code SELECT … FOR UPDATE} on the policy, then the guarded write;
	 * 201.
	 */
	V1,

	/** Atomic Redis Lua admission, then the guarded DB write in the request; 201. */
	V2,

	/**
	 * Atomic Redis Lua admission, then a Kafka message written by a batch consumer; 202.
	 */
	V3;

	/** The response header that names the strategy that actually served a request. */
	public static final String HEADER = "X-Strategy";

	/**
	 * @return the wire name: {@code v1}, {@code v2} or {@code v3}
	 */
	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * @param value {@code v1}, {@code v2} or {@code v3}, any case
	 * @return the strategy
	 * @throws IllegalArgumentException for anything else
	 */
	public static IssueStrategy of(String value) {
		return valueOf(value.trim().toUpperCase(Locale.ROOT));
	}

}
