package com.example.promo.timesale.product;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/** {@code product}, in the caller's transaction. */
@Repository
class ProductRepository {

	private final NamedParameterJdbcTemplate jdbc;

	ProductRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String name, long listPrice, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update("insert into product (name, list_price, created_at) values (:name, :listPrice, :now)",
				new MapSqlParameterSource("name", name).addValue("listPrice", listPrice).addValue("now", utc(now)), key,
				new String[] { "id" });
		return key.getKey().longValue();
	}

	Optional<Product> find(long id) {
		return this.jdbc.query("select * from product where id = :id", Map.of("id", id), (row, i) -> map(row))
			.stream()
			.findFirst();
	}

	Page<Product> list(Pageable pageable) {
		long total = this.jdbc.queryForObject("select count(*) from product", Map.of(), Long.class);
		List<Product> content = this.jdbc.query("select * from product order by id desc limit :limit offset :offset",
				Map.of("limit", pageable.getPageSize(), "offset", pageable.getOffset()), (row, i) -> map(row));
		return new PageImpl<>(content, pageable, total);
	}

	private static Product map(ResultSet row) throws SQLException {
		return new Product(row.getLong("id"), row.getString("name"), row.getLong("list_price"),
				instant(row, "created_at"));
	}

}
