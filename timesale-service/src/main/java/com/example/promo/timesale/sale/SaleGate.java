package com.example.promo.timesale.sale;

/**
 * A sale's Redis admission gate (DESIGN.md §3), as the writers of its stock outside the
 * issuing path need it: kept in step with the database after an admin change, and given
 * back the units of a cancelled, expired or refunded order exactly once. Implemented by
 * the order feature over the issuing kit's gate. Every method is best effort: the
 * database is the truth, and a gate that cannot be reached or is stale is rebuilt from
 * it.
 */
public interface SaleGate {

	/**
	 * Reads the gate's generation; call it BEFORE the transaction that moves units back,
	 * so a rebuild in between (which recounts from the database) makes the give-back a
	 * no-op instead of counting the units twice.
	 * @param saleId the sale
	 * @return the gate's current generation, or {@code null} if it is missing or Redis
	 * cannot answer (then nothing is given back: a rebuild counts from the database)
	 */
	String generation(long saleId);

	/**
	 * Gives an order's units back to the gate's stock and to its buyer's count, if the
	 * gate is still of {@code generation}. Call it once, after the commit of the
	 * conditional update that released the units.
	 * @param saleId the sale
	 * @param userId the buyer
	 * @param units the order's units
	 * @param generation what {@link #generation} returned before the transaction
	 * @param orderId the order (its in-flight mark, if any, ends too)
	 */
	void giveBack(long saleId, String userId, int units, String generation, long orderId);

	/**
	 * Drops the gate so the next order rebuilds it from the database (status changes).
	 * @param saleId the sale
	 */
	void invalidate(long saleId);

	/**
	 * Builds the gate now (a new sale), unless it exists.
	 * @param saleId the sale
	 */
	void prepare(long saleId);

}
