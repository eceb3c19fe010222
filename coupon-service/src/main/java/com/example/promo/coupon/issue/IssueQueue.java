package com.example.promo.coupon.issue;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.NewTopic;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The producing side of v3: publishes an admitted request to
 * {@value CouponIssueRequested#TOPIC} (key = coupon id) and waits for the broker's
 * acknowledgement ({@code acks=all}, idempotent producer), and keeps a short-lived
 * PENDING marker {@code coupon-request:{requestId}} → {@code couponId:userId} so the
 * owner can poll the request until the consumer has written its outcome.
 */
@Component
class IssueQueue {

	private static final Logger log = LoggerFactory.getLogger(IssueQueue.class);

	private final KafkaTemplate<String, CouponIssueRequested> kafka;

	private final RedissonClient redisson;

	private final IssueProperties properties;

	IssueQueue(KafkaTemplate<String, CouponIssueRequested> kafka, RedissonClient redisson, IssueProperties properties) {
		this.kafka = kafka;
		this.redisson = redisson;
		this.properties = properties;
	}

	/**
	 * Marks the request PENDING and publishes it, waiting for the acknowledgement. The
	 * marker write and the broker round trip overlap, so the caller waits for the slower
	 * of the two, not for both.
	 * @param request the admitted request
	 * @throws DomainException ISSUE_QUEUE_UNAVAILABLE if the broker did not acknowledge
	 * (the marker is removed; the caller releases the admission)
	 */
	void publish(CouponIssueRequested request) {
		RBucket<String> marker = pendingMarker(request.requestId());
		RFuture<Void> marked = marker.setAsync(request.couponId() + ":" + request.userId(),
				this.properties.pendingTtl());
		try {
			this.kafka.send(CouponIssueRequested.TOPIC, Long.toString(request.couponId()), request).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw unavailable(request, marker, marked, ex);
		}
		catch (ExecutionException | RuntimeException ex) {
			throw unavailable(request, marker, marked, ex);
		}
		await(request, marked);
	}

	/**
	 * @param requestId the request id
	 * @return the queued, unprocessed request; empty if unknown, processed, or Redis
	 * cannot answer
	 */
	Optional<Pending> pending(String requestId) {
		try {
			return Optional.ofNullable(pendingMarker(requestId).get()).map(Pending::parse);
		}
		catch (RedisException ex) {
			log.warn("PENDING marker of {} unreadable: {}", requestId, ex.getMessage());
			return Optional.empty();
		}
	}

	private DomainException unavailable(CouponIssueRequested request, RBucket<String> marker, RFuture<Void> marked,
			Exception cause) {
		log.error("Issue request {} not queued", request.requestId(), cause);
		if (await(request, marked)) {
			try {
				marker.delete();
			}
			catch (RedisException ex) {
				log.warn("PENDING marker of {} left to expire: {}", request.requestId(), ex.getMessage());
			}
		}
		return new DomainException(CouponErrorCode.ISSUE_QUEUE_UNAVAILABLE,
				"The issue queue did not accept the request; nothing was issued. Retry shortly.");
	}

	private static boolean await(CouponIssueRequested request, RFuture<Void> marked) {
		try {
			marked.toCompletableFuture().join();
			return true;
		}
		catch (CompletionException | CancellationException ex) {
			log.warn("PENDING marker of {} not written; it is visible once processed: {}", request.requestId(),
					ex.getMessage());
			return false;
		}
	}

	private RBucket<String> pendingMarker(String requestId) {
		return this.redisson.getBucket("coupon-request:{" + requestId + "}", StringCodec.INSTANCE);
	}

	/**
	 * A queued request not yet written, as its PENDING marker records it.
	 *
	 * @param couponId the policy
	 * @param userId the requester
	 */
	record Pending(long couponId, String userId) {

		static Pending parse(String marker) {
			int colon = marker.indexOf(':');
			return new Pending(Long.parseLong(marker.substring(0, colon)), marker.substring(colon + 1));
		}

	}

	/** Topics of the queue, created at startup if missing (3 partitions each). */
	@Configuration(proxyBeanMethods = false)
	static class Topics {

		@Bean
		NewTopic couponIssueRequestedTopic() {
			return TopicBuilder.name(CouponIssueRequested.TOPIC).partitions(3).build();
		}

		@Bean
		NewTopic couponIssueRequestedDeadLetterTopic() {
			return TopicBuilder.name(CouponIssueRequested.DEAD_LETTER_TOPIC).partitions(3).build();
		}

	}

}
