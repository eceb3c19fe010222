package com.example.promo.timesale.payment;

import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * coupon-service's redemption API (DESIGN.md §4.1): redeem as the buyer, undo as
 * timesale-service. Both are idempotent per orderId.
 */
final class CouponClient {

	private static final Logger log = LoggerFactory.getLogger(CouponClient.class);

	/** Answers of a cancel-redemption that leave nothing of this order's to undo. */
	private static final Set<String> NOTHING_TO_UNDO = Set.of("ISSUED_COUPON_NOT_FOUND", "ORDER_MISMATCH");

	private final Callee callee;

	CouponClient(Callee callee) {
		this.callee = callee;
	}

	/**
	 * {@code POST /api/coupons/issued/{issuedCouponId}/redeem {orderId, orderAmount}}
	 * with the buyer's token.
	 * @param issuedCouponId the buyer's issued coupon
	 * @param orderRef the order as coupon-service knows it
	 * @param orderAmount KRW before the discount
	 * @param authorization the buyer's {@code Authorization} header
	 * @return the discount, KRW
	 * @throws CalleeRefusedException COUPON_ALREADY_USED, COUPON_EXPIRED,
	 * MIN_ORDER_AMOUNT_NOT_MET, ISSUED_COUPON_NOT_FOUND, …
	 * @throws CalleeUnavailableException if coupon-service did not decide
	 */
	long redeem(long issuedCouponId, String orderRef, long orderAmount, String authorization) {
		JsonNode redemption = this.callee.call(() -> this.callee.asBuyer()
			.post()
			.uri("/api/coupons/issued/{id}/redeem", issuedCouponId)
			.header(HttpHeaders.AUTHORIZATION, authorization)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("orderId", orderRef, "orderAmount", orderAmount))
			.retrieve()
			.body(JsonNode.class));
		return redemption.get("discountAmount").asLong();
	}

	/**
	 * {@code POST /api/coupons/issued/{issuedCouponId}/cancel-redemption {orderId}} as
	 * timesale-service.
	 * @param issuedCouponId the issued coupon
	 * @param orderRef the order as coupon-service knows it
	 * @return whether coupon-service acknowledged (the coupon is not redeemed for this
	 * order any more, or never was)
	 */
	boolean cancelRedemption(long issuedCouponId, String orderRef) {
		try {
			this.callee.call(() -> this.callee.asService()
				.post()
				.uri("/api/coupons/issued/{id}/cancel-redemption", issuedCouponId)
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("orderId", orderRef))
				.retrieve()
				.toBodilessEntity());
			return true;
		}
		catch (CalleeRefusedException ex) {
			if (NOTHING_TO_UNDO.contains(ex.code())) {
				return true;
			}
			log.warn("Undoing coupon {} of order {} was refused: {}", issuedCouponId, orderRef, ex.getMessage());
			return false;
		}
		catch (CalleeUnavailableException ex) {
			log.warn("Undoing coupon {} of order {} failed: {}", issuedCouponId, orderRef, ex.getMessage());
			return false;
		}
	}

}
