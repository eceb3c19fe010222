package com.example.promo.point.ledger;

/** The kinds of ledger entries; the amount's sign follows the kind. */
public enum EntryType {

	/** Points earned into a new lot (positive). */
	EARN,

	/** Points spent on an order (negative). */
	USE,

	/** A cancelled use's points given back (positive). */
	CANCEL_USE,

	/** What an expired lot still held (negative). */
	EXPIRE,

	/** A refunded order's purchase reward taken back, as far as it remains (negative). */
	REVOKE

}
