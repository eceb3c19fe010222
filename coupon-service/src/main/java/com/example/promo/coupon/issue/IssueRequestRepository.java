package com.example.promo.coupon.issue;

import java.util.Collection;
import java.util.List;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** Outcomes of batched (v2, v3) issue requests, by request id. */
interface IssueRequestRepository extends JpaRepository<IssueRequest, String> {

	/**
	 * @param requestIds request ids
	 * @return those of them that already have an outcome
	 */
	@Query("select r.requestId from IssueRequest r where r.requestId in :requestIds")
	List<String> findRecorded(@Param("requestIds") Collection<String> requestIds);

	/**
	 * @param requestIds request ids
	 * @param reason a refusal code
	 * @return those of them REJECTED with that reason, locked until the transaction ends
	 */
	@Lock(LockModeType.PESSIMISTIC_WRITE)
	@Query("select r.requestId from IssueRequest r where r.requestId in :requestIds and r.reason = :reason")
	List<String> findFailed(@Param("requestIds") Collection<String> requestIds, @Param("reason") String reason);

}
