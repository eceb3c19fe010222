package com.example.promo.common.issuing;

import java.util.List;

import org.springframework.dao.DataIntegrityViolationException;

/**
 * The service's database write of many admitted requests in one transaction (v2's group
 * commit, v3's consumed batches), under the database's guards. Requests already recorded
 * are skipped, so a redelivered or repeated request is a no-op.
 *
 * @param <R> the request type
 * @param <W> the outcome type
 */
@FunctionalInterface
public interface BatchWriter<R extends QueuedRequest, W extends WriteOutcome> {

	/**
	 * @param batch requests in arrival order, possibly repeated
	 * @param strategy what served them (V2 or V3)
	 * @return the outcomes written now, excluding requests already recorded
	 * @throws DataIntegrityViolationException if a concurrent single write won (the batch
	 * is rolled back)
	 */
	List<W> write(List<R> batch, IssueStrategy strategy);

}
