package com.example.promo.timesale.sale;

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

/**
 * {@code time_sale} joined with its product, in the caller's transaction. The stock
 * counters are never written here: {@link SaleStock} is their only writer.
 */
@Repository
class SaleRepository {

	private static final String SELECT = """
			select s.*, p.name as product_name, p.list_price
			  from time_sale s join product p on p.id = s.product_id""";

	private final NamedParameterJdbcTemplate jdbc;

	SaleRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @return the new ACTIVE sale's id, nothing held or sold
	 */
	long insert(CreateSaleRequest request, int holdSeconds, Instant now) {
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.update("""
				insert into time_sale (product_id, sale_price, total_stock, per_user_limit, starts_at, ends_at,
				                       hold_seconds, status, created_at)
				values (:productId, :salePrice, :totalStock, :perUserLimit, :startsAt, :endsAt, :holdSeconds,
				        'ACTIVE', :now)""",
				new MapSqlParameterSource("productId", request.productId()).addValue("salePrice", request.salePrice())
					.addValue("totalStock", request.totalStock())
					.addValue("perUserLimit", request.perUserLimit())
					.addValue("startsAt", utc(request.startsAt()))
					.addValue("endsAt", utc(request.endsAt()))
					.addValue("holdSeconds", holdSeconds)
					.addValue("now", utc(now)),
				key, new String[] { "id" });
		return key.getKey().longValue();
	}

	Optional<Sale> find(long id) {
		return this.jdbc.query(SELECT + " where s.id = :id", Map.of("id", id), (row, i) -> map(row))
			.stream()
			.findFirst();
	}

	/**
	 * @param phase only sales showing this status at {@code now}, or {@code null} for all
	 * @param now the moment the status is derived at
	 * @param pageable page and size; newest first
	 */
	Page<Sale> list(SalePhase phase, Instant now, Pageable pageable) {
		MapSqlParameterSource params = new MapSqlParameterSource("now", utc(now))
			.addValue("limit", pageable.getPageSize())
			.addValue("offset", pageable.getOffset());
		String where = (phase != null) ? " where " + condition(phase) : "";
		long total = this.jdbc.queryForObject("select count(*) from time_sale s" + where, params, Long.class);
		List<Sale> content = this.jdbc.query(SELECT + where + " order by s.id desc limit :limit offset :offset", params,
				(row, i) -> map(row));
		return new PageImpl<>(content, pageable, total);
	}

	void changeStatus(long id, SaleStatus status) {
		this.jdbc.update("update time_sale set status = :status where id = :id",
				Map.of("id", id, "status", status.name()));
	}

	/**
	 * {@link Sale#phaseAt}'s rules as SQL, each excluding those before it.
	 */
	private static String condition(SalePhase phase) {
		String open = "s.status = 'ACTIVE' and s.starts_at <= :now and s.ends_at > :now";
		return switch (phase) {
			case PAUSED -> "s.status = 'PAUSED'";
			case ENDED -> "(s.status = 'ENDED' or (s.status = 'ACTIVE' and s.ends_at <= :now))";
			case UPCOMING -> "(s.status = 'ACTIVE' and s.starts_at > :now and s.ends_at > :now)";
			case SOLD_OUT -> "(" + open + " and s.held_quantity + s.sold_quantity >= s.total_stock)";
			case LIVE -> "(" + open + " and s.held_quantity + s.sold_quantity < s.total_stock)";
		};
	}

	private static Sale map(ResultSet row) throws SQLException {
		return new Sale(row.getLong("id"), row.getLong("product_id"), row.getString("product_name"),
				row.getLong("list_price"), row.getLong("sale_price"), row.getInt("total_stock"),
				row.getInt("per_user_limit"), instant(row, "starts_at"), instant(row, "ends_at"),
				row.getInt("hold_seconds"), row.getInt("held_quantity"), row.getInt("sold_quantity"),
				SaleStatus.valueOf(row.getString("status")), instant(row, "created_at"));
	}

}
