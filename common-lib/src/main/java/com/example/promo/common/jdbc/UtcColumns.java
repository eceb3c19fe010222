package com.example.promo.common.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
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

	/**
	 * @param row a result set on a row
	 * @param column a {@code DATETIME(6)} column holding UTC wall-clock time
	 * @return the moment, or {@code null} for SQL NULL
	 * @throws SQLException if the column cannot be read
	 */
	public static Instant instant(ResultSet row, String column) throws SQLException {
		LocalDateTime value = row.getObject(column, LocalDateTime.class);
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

}
