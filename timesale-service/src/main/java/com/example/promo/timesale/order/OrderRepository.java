package com.example.promo.timesale.order;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.example.promo.common.issuing.IssueStrategy;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

import static com.example.promo.common.jdbc.UtcColumns.instant;
import static com.example.promo.common.jdbc.UtcColumns.utc;

/**
 * {@code sale_order} as the order feature reads and places it: its unique
 * {@code request_id} makes one order per request id whatever strategy wrote it.
 */
@Repository
class OrderRepository {

	private static final String INSERT = """
			insert into sale_order (request_id, sale_id, product_id, user_id, quantity, unit_price, total_amount,
			                        status, strategy, pay_by, created_at)
			values (:requestId, :saleId, :productId, :userId, :quantity, :unitPrice, :totalAmount, 'HELD', :strategy,
			        :payBy, :createdAt)""";

	private final NamedParameterJdbcTemplate jdbc;

	OrderRepository(NamedParameterJdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Inserts HELD orders in the given order, so their ids increase in it.
	 * @param orders the orders (their ids are ignored)
	 * @return order id per request id
	 * @throws org.springframework.dao.DuplicateKeyException if an order with one of the
	 * request ids exists
	 */
	Map<String, Long> insertAll(List<PlacedOrder> orders) {
		SqlParameterSource[] rows = orders.stream()
			.map((o) -> new MapSqlParameterSource("requestId", o.requestId()).addValue("saleId", o.view().saleId())
				.addValue("productId", o.view().productId())
				.addValue("userId", o.userId())
				.addValue("quantity", o.view().quantity())
				.addValue("unitPrice", o.view().unitPrice())
				.addValue("totalAmount", o.view().totalAmount())
				.addValue("strategy", o.strategy().name())
				.addValue("payBy", utc(o.view().payBy()))
				.addValue("createdAt", utc(o.view().createdAt())))
			.toArray(SqlParameterSource[]::new);
		if (rows.length == 1) {
			KeyHolder key = new GeneratedKeyHolder();
			this.jdbc.update(INSERT, rows[0], key, new String[] { "id" });
			return Map.of(orders.get(0).requestId(), key.getKey().longValue());
		}
		this.jdbc.batchUpdate(INSERT, rows);
		Map<String, Long> ids = new HashMap<>();
		this.jdbc.query("select request_id, id from sale_order where request_id in (:ids)",
				Map.of("ids", orders.stream().map(PlacedOrder::requestId).toList()), (row) -> {
					ids.put(row.getString(1), row.getLong(2));
				});
		return ids;
	}

	/**
	 * @param requestIds request ids
	 * @return those that placed an order
	 */
	Set<String> placed(Collection<String> requestIds) {
		if (requestIds.isEmpty()) {
			return new HashSet<>();
		}
		return new HashSet<>(this.jdbc.queryForList("select request_id from sale_order where request_id in (:ids)",
				Map.of("ids", requestIds), String.class));
	}

	/**
	 * @param requestId a request id
	 * @return the order it placed, any strategy, any status now
	 */
	Optional<PlacedOrder> findByRequestId(String requestId) {
		return this.jdbc.query("select * from sale_order where request_id = :id", Map.of("id", requestId), this::map)
			.stream()
			.findFirst();
	}

	/**
	 * @param orderId an order id
	 * @return the order
	 */
	Optional<PlacedOrder> findById(long orderId) {
		return this.jdbc.query("select * from sale_order where id = :id", Map.of("id", orderId), this::map)
			.stream()
			.findFirst();
	}

	/**
	 * @param userId a user
	 * @param pageable page and size
	 * @return the user's orders, newest first
	 */
	Page<PlacedOrder> ofUser(String userId, Pageable pageable) {
		long total = this.jdbc.queryForObject("select count(*) from sale_order where user_id = :userId",
				Map.of("userId", userId), Long.class);
		List<PlacedOrder> page = this.jdbc.query(
				"select * from sale_order where user_id = :userId order by id desc limit :limit offset :offset",
				new MapSqlParameterSource("userId", userId).addValue("limit", pageable.getPageSize())
					.addValue("offset", pageable.getOffset()),
				this::map);
		return new PageImpl<>(page, pageable, total);
	}

	private PlacedOrder map(ResultSet row, int i) throws SQLException {
		OrderView view = new OrderView(row.getLong("id"), row.getLong("sale_id"), row.getLong("product_id"),
				row.getInt("quantity"), row.getLong("unit_price"), row.getLong("total_amount"), row.getString("status"),
				instant(row, "pay_by"), instant(row, "created_at"), row.getObject("coupon_discount", Long.class),
				row.getObject("points_used", Long.class), row.getObject("paid_amount", Long.class),
				instant(row, "paid_at"), instant(row, "cancelled_at"), instant(row, "expired_at"),
				instant(row, "refunded_at"));
		return new PlacedOrder(view, row.getString("user_id"), row.getString("request_id"),
				IssueStrategy.valueOf(row.getString("strategy")));
	}

	/**
	 * An order with what only the service sees of it.
	 *
	 * @param view what its owner sees
	 * @param userId the buyer
	 * @param requestId the request that placed it
	 * @param strategy what served it
	 */
	record PlacedOrder(OrderView view, String userId, String requestId, IssueStrategy strategy) {
	}

}
