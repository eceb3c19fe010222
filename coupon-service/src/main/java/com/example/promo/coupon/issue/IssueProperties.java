package com.example.promo.coupon.issue;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Issuing settings under {@code promo.coupon.issue}.
 *
 * @param rebuildWait how long a request waits for another instance's gate rebuild before
 * it is served by v1 instead (default 3 s)
 * @param rebuildLease upper bound on holding the rebuild lock (default 30 s)
 * @param pendingTtl how long a queued (v3) request stays visible as PENDING (default 1
 * day)
 * @param groupCommitWriters threads writing coalesced v2 requests (default 2; one
 * transaction each at a time)
 * @param groupCommitMaxBatch most v2 requests written by one transaction (default 200)
 */
@ConfigurationProperties("promo.coupon.issue")
record IssueProperties(@DefaultValue("3s") Duration rebuildWait, @DefaultValue("30s") Duration rebuildLease,
		@DefaultValue("1d") Duration pendingTtl, @DefaultValue("2") int groupCommitWriters,
		@DefaultValue("200") int groupCommitMaxBatch) {
}
