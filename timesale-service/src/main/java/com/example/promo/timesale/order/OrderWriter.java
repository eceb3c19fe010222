package com.example.promo.timesale.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.order.OrderRepository.PlacedOrder;
import com.example.promo.timesale.sale.SaleStock;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The database write of orders, the same for every strategy (DESIGN.md §4.3): requests in
 * queue order (sale id, then waiting-room sequence, then arrival), each held by
 * {@link SaleStock#hold} — the conditional updates of the sale's counters (its row locked
 * by the first) and the buyer's units, the only writer of both — and every held request
 * becomes a HELD order at the sale's price, to be paid by now + the sale's hold seconds,
 * inserted in the same order (so order ids increase with the queue), under the unique
 * {@code request_id}. Transactions run at READ COMMITTED.
 */
@Component
class OrderWriter {

	private final SaleStock stock;

	private final OrderRepository orders;

	private final NamedParameterJdbcTemplate jdbc;

	private final Clock clock;

	OrderWriter(SaleStock stock, OrderRepository orders, NamedParameterJdbcTemplate jdbc, Clock clock) {
		this.stock = stock;
		this.orders = orders;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * v1: one order in its own transaction (the sale's row lock taken by its conditional
	 * update).
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param quantity units
	 * @param requestId the request id (UUID)
	 * @return the HELD order, or the refusal ({@code SALE_NOT_FOUND},
	 * {@code SALE_NOT_OPEN}, {@code SALE_SOLD_OUT}, {@code PURCHASE_LIMIT_EXCEEDED}) with
	 * nothing written
	 * @throws org.springframework.dao.DataIntegrityViolationException if an order with
	 * the same request id won concurrently (rolled back)
	 */
	@Transactional(isolation = Isolation.READ_COMMITTED)
	public Decision placeLocked(long saleId, String userId, int quantity, String requestId) {
		Instant now = this.clock.instant();
		return write(List.of(new OrderRequested(requestId, saleId, userId, quantity, 0, null, now)), IssueStrategy.V1,
				now)
			.get(0);
	}

	/**
	 * Decides and writes orders in the caller's transaction.
	 * @param requests distinct requests
	 * @param strategy what served them, stored on each order
	 * @param now the moment of the write
	 * @return one decision per request, in queue order (sale id, sequence, arrival)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public List<Decision> write(List<OrderRequested> requests, IssueStrategy strategy, Instant now) {
		List<OrderRequested> queued = requests.stream()
			.sorted(Comparator.comparingLong(OrderRequested::saleId).thenComparingLong(OrderRequested::sequence))
			.toList();
		Map<Long, Terms> terms = terms(queued.stream().map(OrderRequested::saleId).distinct().toList());
		List<OrderRequested> held = new ArrayList<>(queued.size());
		Map<String, TimesaleErrorCode> refusals = new HashMap<>();
		for (OrderRequested request : queued) {
			TimesaleErrorCode refusal = (terms.containsKey(request.saleId()))
					? this.stock.hold(request.saleId(), request.userId(), request.quantity(), now)
					: TimesaleErrorCode.SALE_NOT_FOUND;
			if (refusal == null) {
				held.add(request);
			}
			else {
				refusals.put(request.requestId(), refusal);
			}
		}
		Map<String, OrderView> placed = new HashMap<>();
		if (!held.isEmpty()) {
			List<PlacedOrder> orders = held.stream()
				.map((r) -> order(r, terms.get(r.saleId()), strategy, now))
				.toList();
			Map<String, Long> ids = this.orders.insertAll(orders);
			for (PlacedOrder order : orders) {
				placed.put(order.requestId(), order.view().withOrderId(ids.get(order.requestId())));
			}
		}
		return queued.stream()
			.map((r) -> new Decision(r, refusals.get(r.requestId()), placed.get(r.requestId())))
			.toList();
	}

	private static PlacedOrder order(OrderRequested request, Terms terms, IssueStrategy strategy, Instant now) {
		OrderView view = new OrderView(0, request.saleId(), terms.productId(), request.quantity(), terms.salePrice(),
				terms.salePrice() * request.quantity(), OrderView.HELD,
				now.plus(Duration.ofSeconds(terms.holdSeconds())), now, null, null, null, null, null, null, null);
		return new PlacedOrder(view, request.userId(), request.requestId(), strategy);
	}

	/** What every order of a sale copies from it (never changed after creation). */
	private Map<Long, Terms> terms(List<Long> saleIds) {
		Map<Long, Terms> terms = new HashMap<>();
		this.jdbc.query("select id, product_id, sale_price, hold_seconds from time_sale where id in (:ids)",
				Map.of("ids", saleIds), (row) -> {
					terms.put(row.getLong("id"), new Terms(row.getLong("product_id"), row.getLong("sale_price"),
							row.getInt("hold_seconds")));
				});
		return terms;
	}

	/**
	 * What became of one request.
	 *
	 * @param request the request
	 * @param refusal the refusal, or {@code null} if held
	 * @param order the HELD order, or {@code null} when refused
	 */
	record Decision(OrderRequested request, TimesaleErrorCode refusal, OrderView order) {
	}

	private record Terms(long productId, long salePrice, int holdSeconds) {
	}

}
