package com.example.promo.common.kafka;

import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

import org.springframework.dao.NonTransientDataAccessResourceException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure that goes away by itself (the database restarting, a lock wait timeout,
 * a connection that could not be had) from one that repeats on every attempt (a poisoned
 * record, a bug). Transient failures are retried for a long time
 * ({@code promo.kafka.retry.transient-max-elapsed-ms}); the others a few times, then
 * dead-lettered.
 */
public final class TransientFailures {

	private TransientFailures() {
	}

	/**
	 * @param failure the failure, searched with all its causes
	 * @return whether any cause is a transient database or connection failure
	 */
	public static boolean isTransient(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof NonTransientDataAccessResourceException) {
				return false;
			}
			if (cause instanceof TransientDataAccessException || cause instanceof RecoverableDataAccessException
					|| cause instanceof CannotGetJdbcConnectionException
					|| cause instanceof CannotCreateTransactionException || cause instanceof TransactionSystemException
					|| cause instanceof SQLTransientException || cause instanceof SQLRecoverableException
					|| cause instanceof org.springframework.dao.DataAccessResourceFailureException) {
				return true;
			}
		}
		return false;
	}

}
