package com.example.promo.common.error;

/**
 * Bad input found by a rule that spans fields (e.g. an end before a start): answered as a
 * {@code 400 VALIDATION_FAILED} problem naming the field, exactly like a Bean Validation
 * failure.
 */
public class InvalidFieldException extends RuntimeException {

	private final String field;

	/**
	 * @param field the request field to blame, as the client spells it
	 * @param message what is wrong with it
	 */
	public InvalidFieldException(String field, String message) {
		super(message);
		this.field = field;
	}

	/**
	 * @return the request field to blame
	 */
	public String field() {
		return this.field;
	}

}
