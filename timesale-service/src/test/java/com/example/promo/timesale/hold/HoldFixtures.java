package com.example.promo.timesale.hold;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.example.promo.common.jdbc.UtcColumns;
import com.example.promo.timesale.sale.SaleStock;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Held orders made the way the order feature makes them: {@link SaleStock#hold} and the
 * {@code sale_order} row in one transaction, so the sale's counters match its orders.
 */
class HoldFixtures {

	private final JdbcTemplate jdbc;

	private final SaleStock stock;

	private final TransactionTemplate transactions;

	HoldFixtures(JdbcTemplate jdbc, SaleStock stock, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.stock = stock;
		this.transactions = transactions;
	}

	/**
	 * @param saleId a live sale
	 * @param userId the buyer
	 * @param quantity units
	 * @param payBy when the hold runs out (in the past for a due order)
	 * @return the HELD order's id
	 */
	long held(long saleId, String userId, int quantity, Instant payBy) {
		return this.transactions.execute((tx) -> {
			assertThat(this.stock.hold(saleId, userId, quantity, Instant.now())).isNull();
			long unitPrice = this.jdbc.queryForObject("select sale_price from time_sale where id = ?", Long.class,
					saleId);
			long productId = this.jdbc.queryForObject("select product_id from time_sale where id = ?", Long.class,
					saleId);
			GeneratedKeyHolder key = new GeneratedKeyHolder();
			this.jdbc.update((connection) -> {
				var insert = connection.prepareStatement("""
						insert into sale_order (request_id, sale_id, product_id, user_id, quantity, unit_price,
						                        total_amount, status, strategy, pay_by, created_at)
						values (?, ?, ?, ?, ?, ?, ?, 'HELD', 'V1', ?, ?)""", new String[] { "id" });
				insert.setString(1, UUID.randomUUID().toString());
				insert.setLong(2, saleId);
				insert.setLong(3, productId);
				insert.setString(4, userId);
				insert.setInt(5, quantity);
				insert.setLong(6, unitPrice);
				insert.setLong(7, unitPrice * quantity);
				insert.setObject(8, UtcColumns.utc(payBy));
				insert.setObject(9, UtcColumns.utc(Instant.now()));
				return insert;
			}, key);
			return key.getKey().longValue();
		});
	}

	/**
	 * Many one-unit HELD orders of one buyer, their units held at once.
	 * @param saleId a live sale
	 * @param userId the buyer
	 * @param count orders
	 * @param payBy when the holds run out
	 * @return the orders' ids
	 */
	List<Long> heldMany(long saleId, String userId, int count, Instant payBy) {
		String batch = UUID.randomUUID().toString().substring(0, 8);
		this.transactions.executeWithoutResult((tx) -> {
			assertThat(this.stock.hold(saleId, userId, count, Instant.now())).isNull();
			long unitPrice = this.jdbc.queryForObject("select sale_price from time_sale where id = ?", Long.class,
					saleId);
			long productId = this.jdbc.queryForObject("select product_id from time_sale where id = ?", Long.class,
					saleId);
			List<Object[]> rows = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				rows.add(new Object[] { batch + "-" + UUID.randomUUID().toString().substring(9), saleId, productId,
						userId, unitPrice, unitPrice, UtcColumns.utc(payBy), UtcColumns.utc(Instant.now()) });
			}
			this.jdbc.batchUpdate("""
					insert into sale_order (request_id, sale_id, product_id, user_id, quantity, unit_price,
					                        total_amount, status, strategy, pay_by, created_at)
					values (?, ?, ?, ?, 1, ?, ?, 'HELD', 'V1', ?, ?)""", rows);
		});
		return this.jdbc.queryForList("select id from sale_order where request_id like ? order by id", Long.class,
				batch + "-%");
	}

	/**
	 * Pays a held order as the pay saga's last step would (units sold, status PAID).
	 * @param orderId a HELD order
	 */
	void paid(long orderId) {
		this.transactions.executeWithoutResult((tx) -> {
			long saleId = this.jdbc.queryForObject("select sale_id from sale_order where id = ?", Long.class, orderId);
			int quantity = this.jdbc.queryForObject("select quantity from sale_order where id = ?", Integer.class,
					orderId);
			assertThat(this.jdbc.update("""
					update sale_order set status = 'PAID', coupon_discount = 0, points_used = 0,
					       paid_amount = total_amount, paid_at = ?
					 where id = ? and status = 'HELD'""", UtcColumns.utc(Instant.now()), orderId)).isOne();
			this.stock.sell(saleId, quantity);
		});
	}

	/**
	 * Sets the pay saga's lease as a running pay would.
	 * @param orderId an order
	 * @param until the lease's end
	 */
	void leased(long orderId, Instant until) {
		this.jdbc.update("update sale_order set pay_lease_until = ? where id = ?", UtcColumns.utc(until), orderId);
	}

	/**
	 * @param orderId an order
	 * @return its status
	 */
	String status(long orderId) {
		return this.jdbc.queryForObject("select status from sale_order where id = ?", String.class, orderId);
	}

}
