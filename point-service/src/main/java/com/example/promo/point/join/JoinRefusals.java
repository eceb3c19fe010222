package com.example.promo.point.join;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;
import com.example.promo.common.issuing.GateRefusal;
import com.example.promo.point.PointErrorCode;

/**
 * The refusals of a join, and their mapping to and from the issuing kit's gate refusals.
 */
final class JoinRefusals {

	private JoinRefusals() {
	}

	/**
	 * @param code a refusal code
	 * @param promotionId the promotion
	 * @return the refusal with a sentence about it
	 */
	static DomainException of(ErrorCode code, long promotionId) {
		String detail = (code instanceof PointErrorCode point) ? switch (point) {
			case PROMOTION_NOT_FOUND -> "No promotion " + promotionId + ".";
			case PROMOTION_NOT_OPEN -> "Promotion " + promotionId + " is not open for joins now.";
			case PROMOTION_SOLD_OUT -> "Every join of promotion " + promotionId + " has been taken.";
			case ALREADY_JOINED_TODAY -> "You joined promotion " + promotionId + " today already; join again tomorrow.";
			case JOIN_LIMIT_REACHED -> "You joined promotion " + promotionId + " as many times as it allows.";
			case PREREQUISITE_NOT_MET ->
				"Promotion " + promotionId + " needs you to join every promotion it requires first.";
			default -> code.title() + ".";
		} : code.title() + ".";
		return new DomainException(code, detail);
	}

	/**
	 * How the database's refusal releases a gate admission.
	 * @param code the refusal
	 * @return the kit's refusal, or {@code null} to restore everything (a prerequisite
	 * not met, or anything not the gate's)
	 */
	static GateRefusal gateRefusal(ErrorCode code) {
		if (!(code instanceof PointErrorCode point)) {
			return null;
		}
		return switch (point) {
			case PROMOTION_SOLD_OUT -> GateRefusal.SOLD_OUT;
			case JOIN_LIMIT_REACHED -> GateRefusal.HOLDER_LIMIT;
			case ALREADY_JOINED_TODAY -> GateRefusal.PERIOD_LIMIT;
			case PROMOTION_NOT_OPEN -> GateRefusal.NOT_OPEN;
			case PROMOTION_NOT_FOUND -> GateRefusal.NOT_FOUND;
			default -> null;
		};
	}

	/**
	 * @param refusal the gate's refusal
	 * @return point-service's code for it
	 */
	static PointErrorCode pointCode(GateRefusal refusal) {
		return switch (refusal) {
			case SOLD_OUT -> PointErrorCode.PROMOTION_SOLD_OUT;
			case HOLDER_LIMIT -> PointErrorCode.JOIN_LIMIT_REACHED;
			case PERIOD_LIMIT -> PointErrorCode.ALREADY_JOINED_TODAY;
			case NOT_OPEN -> PointErrorCode.PROMOTION_NOT_OPEN;
			case NOT_FOUND -> PointErrorCode.PROMOTION_NOT_FOUND;
		};
	}

}
