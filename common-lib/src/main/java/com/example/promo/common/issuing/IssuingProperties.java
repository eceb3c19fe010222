package com.example.promo.common.issuing;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the issuing kit under {@code promo.issuing}, shared by a service's
 * resources.
 *
 * @param rebuildWait how long a request waits for another instance's gate rebuild before
 * it is served by v1 instead (default 3 s)
 * @param rebuildLease upper bound on holding the rebuild lock (default 30 s)
 * @param pendingTtl how long a queued (v3) request stays visible as PENDING (default 1
 * day)
 * @param groupCommitWriters threads writing coalesced v2 requests, per resource kind
 * (default 2; one transaction each at a time)
 * @param groupCommitMaxBatch most v2 requests written by one transaction (default 200)
 * @param groupCommitQueueCapacity most v2 requests waiting for a writer; more are refused
 * with {@code 503 SERVICE_UNAVAILABLE} (default 10,000)
 * @param writeTimeout longest a v2 caller waits for its commit before
 * {@code 503 WRITE_TIMEOUT} (default 5 s; below the gateway's 10 s time limit)
 * @param publishTimeout longest a v3 caller waits for the broker's acknowledgement
 * (default 7 s: above the producer's {@code delivery.timeout.ms}, so the producer decides
 * first, and below the gateway's 10 s time limit)
 * @param inDoubtGrace how long after an unacknowledged publish the request is decided
 * {@code REJECTED PUBLISH_FAILED} if the consumer has not decided it (default 30 s; must
 * exceed the producer's {@code delivery.timeout.ms})
 * @param inDoubtCheckMs how often in-doubt requests are looked at, milliseconds (default
 * 1000)
 * @param reconcileAfter how long an admission may stay in flight before reconciliation
 * looks at it (default 1 min: far longer than a v2 write or a v3 publish may take, and
 * than a consumer's failover; a v3 request still queued past it on a quiet resource only
 * makes the rebuilt gate admit one unit too many, which the database refuses)
 * @param reconcileEveryMs how often gates are reconciled, milliseconds (default 15,000)
 */
@ConfigurationProperties("promo.issuing")
public record IssuingProperties(@DefaultValue("3s") Duration rebuildWait, @DefaultValue("30s") Duration rebuildLease,
		@DefaultValue("1d") Duration pendingTtl, @DefaultValue("2") int groupCommitWriters,
		@DefaultValue("200") int groupCommitMaxBatch, @DefaultValue("10000") int groupCommitQueueCapacity,
		@DefaultValue("5s") Duration writeTimeout, @DefaultValue("7s") Duration publishTimeout,
		@DefaultValue("30s") Duration inDoubtGrace, @DefaultValue("1000") long inDoubtCheckMs,
		@DefaultValue("1m") Duration reconcileAfter, @DefaultValue("15000") long reconcileEveryMs) {
}
