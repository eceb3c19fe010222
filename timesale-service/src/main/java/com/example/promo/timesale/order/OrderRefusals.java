package com.example.promo.timesale.order;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.GateRefusal;
import com.example.promo.timesale.TimesaleErrorCode;

/**
 * The refusals of an order, and their mapping to and from the issuing kit's gate
 * refusals.
 */
final class OrderRefusals {

	private OrderRefusals() {
	}

	/**
	 * @param code a refusal code
	 * @param saleId the sale
	 * @return the refusal with a sentence about it
	 */
	static DomainException of(ErrorCode code, long saleId) {
		String detail = (code instanceof TimesaleErrorCode timesale) ? switch (timesale) {
			case SALE_NOT_FOUND -> "No sale " + saleId + ".";
			case SALE_NOT_OPEN -> "Sale " + saleId + " is not open for orders now.";
			case SALE_SOLD_OUT -> "Sale " + saleId + " has fewer units left than ordered.";
			case PURCHASE_LIMIT_EXCEEDED -> "This order would take you above sale " + saleId + "'s per-user limit.";
			default -> code.title() + ".";
		} : code.title() + ".";
		return new DomainException(code, detail);
	}

	/**
	 * How the database's refusal releases a gate admission.
	 * @param code the refusal
	 * @return the kit's refusal, or {@code null} to restore everything
	 */
	static GateRefusal gateRefusal(ErrorCode code) {
		if (!(code instanceof TimesaleErrorCode timesale)) {
			return null;
		}
		return switch (timesale) {
			case SALE_SOLD_OUT -> GateRefusal.SOLD_OUT;
			case PURCHASE_LIMIT_EXCEEDED -> GateRefusal.HOLDER_LIMIT;
			case SALE_NOT_OPEN -> GateRefusal.NOT_OPEN;
			case SALE_NOT_FOUND -> GateRefusal.NOT_FOUND;
			default -> null;
		};
	}

	/**
	 * @param refusal the gate's refusal
	 * @return timesale-service's code for it (a sale has no period limit: PERIOD_LIMIT
	 * reads as the per-user limit)
	 */
	static TimesaleErrorCode timesaleCode(GateRefusal refusal) {
		return switch (refusal) {
			case SOLD_OUT -> TimesaleErrorCode.SALE_SOLD_OUT;
			case HOLDER_LIMIT, PERIOD_LIMIT -> TimesaleErrorCode.PURCHASE_LIMIT_EXCEEDED;
			case NOT_OPEN -> TimesaleErrorCode.SALE_NOT_OPEN;
			case NOT_FOUND -> TimesaleErrorCode.SALE_NOT_FOUND;
		};
	}

}
