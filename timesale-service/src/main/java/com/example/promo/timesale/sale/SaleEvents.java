package com.example.promo.timesale.sale;

/**
 * Spring application events of time sales, published inside the writing transaction;
 * {@link SaleGateSync} acts on them after commit.
 */
public final class SaleEvents {

	private SaleEvents() {
	}

	/**
	 * A sale was created.
	 *
	 * @param saleId its id
	 */
	public record Created(long saleId) {
	}

	/**
	 * An admin changed a sale's status.
	 *
	 * @param saleId its id
	 * @param status the new status
	 */
	public record StatusChanged(long saleId, SaleStatus status) {
	}

}
