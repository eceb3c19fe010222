package com.example.promo.timesale.order;

import java.util.Optional;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Component;

/**
 * The order read model: what the order, cancel and payment endpoints render. A plain
 * read: lazy expiry of a HELD order past its {@code payBy} is the caller's
 * ({@code hold.Holds#expireIfDue}), so this class depends on nothing but the table.
 */
@Component
public class Orders {

	private final OrderRepository orders;

	Orders(OrderRepository orders) {
		this.orders = orders;
	}

	/**
	 * @param orderId the order
	 * @param userId the caller
	 * @return the order if it is the caller's, else empty (render as 404 ORDER_NOT_FOUND)
	 */
	public Optional<OrderView> find(long orderId, String userId) {
		return this.orders.findById(orderId)
			.filter((o) -> o.userId().equals(userId))
			.map(OrderRepository.PlacedOrder::view);
	}

	/**
	 * @param userId the caller
	 * @param pageable page and size
	 * @return the caller's orders, newest first
	 */
	public Page<OrderView> ofUser(String userId, Pageable pageable) {
		return this.orders.ofUser(userId, pageable).map(OrderRepository.PlacedOrder::view);
	}

}
