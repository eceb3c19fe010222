package com.example.promo.point.promotion;

/**
 * Spring application events of reward promotions, published inside the writing
 * transaction; listeners that touch Redis (the join gate) use
 * {@code @TransactionalEventListener} so they act only after commit.
 */
public final class PromotionEvents {

	private PromotionEvents() {
	}

	/**
	 * A promotion was created.
	 *
	 * @param promotionId its id
	 */
	public record Created(long promotionId) {
	}

	/**
	 * An admin changed a promotion's status.
	 *
	 * @param promotionId its id
	 * @param status the new status
	 */
	public record StatusChanged(long promotionId, PromotionStatus status) {
	}

}
