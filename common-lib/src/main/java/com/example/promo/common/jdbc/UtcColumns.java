package com.example.promo.common.jdbc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * The services' {@code DATETIME(6)} columns hold UTC wall-clock time, as Hibernate writes
 * them ({@code hibernate.jdbc.time_zone: UTC}); what plain JDBC writes must match.
 */
public final class UtcColumns {

	private UtcColumns() {
	}

	/**
	 * @param instant a moment
	 * @return its UTC wall-clock time, the value for a {@code DATETIME(6)} parameter
	 */
	public static LocalDateTime utc(Instant instant) {
		return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
	}

}
