package com.example.promo.common.kafka;

import com.example.promo.common.error.ErrorCode;

import org.springframework.http.HttpStatus;

/** Refusals of the dead-letter admin API. */
public enum DeadLetterErrorCode implements ErrorCode {

	/** No dead letter with that id. */
	DEAD_LETTER_NOT_FOUND(HttpStatus.NOT_FOUND, "Dead letter not found"),

	/** The broker did not take the replayed record; nothing changed, retry. */
	REPLAY_FAILED(HttpStatus.SERVICE_UNAVAILABLE, "Replay not published");

	private final HttpStatus status;

	private final String title;

	DeadLetterErrorCode(HttpStatus status, String title) {
		this.status = status;
		this.title = title;
	}

	@Override
	public HttpStatus status() {
		return this.status;
	}

	@Override
	public String title() {
		return this.title;
	}

}
