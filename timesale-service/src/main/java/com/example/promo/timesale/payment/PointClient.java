package com.example.promo.timesale.payment;

import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * point-service's use API (DESIGN.md §4.2): spend as the buyer (v1, synchronous), undo as
 * timesale-service. Both are idempotent per orderId; undoing an unknown use records a
 * tombstone there, so that orderId can never be used again.
 */
final class PointClient {

	private static final Logger log = LoggerFactory.getLogger(PointClient.class);

	private final Callee callee;

	PointClient(Callee callee) {
		this.callee = callee;
	}

	/**
	 * {@code POST /api/points/use?strategy=v1 {orderId, amount}} with the buyer's token.
	 * @param orderRef the order as point-service knows it
	 * @param amount points, ≥ 1
	 * @param authorization the buyer's {@code Authorization} header
	 * @throws CalleeRefusedException INSUFFICIENT_POINTS, USE_CANCELLED, …
	 * @throws CalleeUnavailableException if point-service did not decide
	 */
	void use(String orderRef, long amount, String authorization) {
		this.callee.call(() -> this.callee.asBuyer()
			.post()
			.uri("/api/points/use?strategy=v1")
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", orderRef, "amount", amount))
			.retrieve()
			.toBodilessEntity());
	}

	/**
	 * {@code POST /api/points/uses/{orderId}/cancel {userId}} as timesale-service.
	 * @param orderRef the order as point-service knows it
	 * @param userId the buyer
	 * @return whether point-service acknowledged (given back, or no such use: then a
	 * tombstone refuses it forever)
	 */
	boolean cancelUse(String orderRef, String userId) {
		try {
			this.callee.call(() -> this.callee.asService()
				.post()
				.uri("/api/points/uses/{orderId}/cancel", orderRef)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("userId", userId))
				.retrieve()
				.toBodilessEntity());
			return true;
		}
		catch (CalleeRefusedException ex) {
			if ("USE_NOT_FOUND".equals(ex.code())) {
				return true;
			}
			log.warn("Undoing the points of order {} was refused: {}", orderRef, ex.getMessage());
			return false;
		}
		catch (CalleeUnavailableException ex) {
			log.warn("Undoing the points of order {} failed: {}", orderRef, ex.getMessage());
			return false;
		}
	}

}
