package com.example.promo.common.issuing;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.redisson.api.RBucket;
import org.redisson.api.RFuture;
import org.redisson.api.RedissonClient;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.common.error.DomainException;

import org.springframework.kafka.core.KafkaTemplate;

/**
 * The producing side of v3: publishes an admitted request to the resource's topic (key =
 * resource id, so one resource's requests stay in order on one partition) and waits for
 * the broker's acknowledgement ({@code acks=all}, idempotent producer), and keeps a
 * short-lived marker {@code <name>-request:{requestId}} → {@code resourceId:holderId}
 * (PENDING) or {@code resourceId!CODE:holderId} (refused at the gate) so the owner can
 * poll the request until the consumer has written its outcome. Resource ids contain
 * neither {@code :} nor {@code !}.
 * <p>
 * A publish that failed is answered by what is known about it (DESIGN.md §3): a send that
 * surely never left the producer (serialization, no metadata or buffer within
 * {@code max.block.ms}, record too large, producer closed) is refused with 503 and its
 * admission released; any other failure — a delivery timeout above all — is
 * {@link Delivery#IN_DOUBT in doubt}: the record may be in the log, so the caller gets
 * 202 and the request is decided once, later ({@link InDoubtRequests}).
 */
class RequestQueue {

	private static final Logger log = LoggerFactory.getLogger(RequestQueue.class);

	private final String name;

	private final String topic;

	private final KafkaTemplate<Object, Object> kafka;

	private final RedissonClient redisson;

	private final IssuingProperties properties;

	RequestQueue(String name, String topic, KafkaTemplate<Object, Object> kafka, RedissonClient redisson,
			IssuingProperties properties) {
		this.name = name;
		this.topic = topic;
		this.kafka = kafka;
		this.redisson = redisson;
		this.properties = properties;
	}

	/**
	 * Fetches the request topic's metadata now, at startup, so the first requests of a
	 * burst do not each wait for it: on a cold JVM that wait can pass the producer's
	 * {@code max.block.ms}, and such a publish is refused
	 * ({@code ISSUE_QUEUE_UNAVAILABLE}) though the broker is fine. Best effort: a failure
	 * only leaves the fetch to the first publish, as before.
	 */
	void warmUp() {
		try {
			this.kafka.partitionsFor(this.topic);
		}
		catch (RuntimeException ex) {
			log.warn("Metadata of {} not fetched at startup (the first publish fetches it): {}", this.topic,
					ex.toString());
		}
	}

	/**
	 * Claims a request id before admission, so the same Idempotency-Key pressed again
	 * while the first is in flight takes no second unit at the gate.
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the requester
	 * @return {@code true} if claimed now, {@code false} if the request is already in
	 * flight or was refused at the gate
	 * @throws RedisException if Redis cannot answer
	 */
	boolean reserve(String requestId, String resourceId, String holderId) {
		return marker(requestId).setIfAbsent(new RequestMarker(resourceId, holderId, null).format(),
				this.properties.pendingTtl());
	}

	/**
	 * Records that a reserved request was refused at the gate, so a repeat of its key and
	 * its poll answer that refusal. Best effort.
	 * @param requestId the request id
	 * @param resourceId the resource
	 * @param holderId the requester
	 * @param refusal the gate's refusal code
	 */
	void refuse(String requestId, String resourceId, String holderId, String refusal) {
		try {
			marker(requestId).set(new RequestMarker(resourceId, holderId, refusal).format(),
					this.properties.pendingTtl());
		}
		catch (RedisException ex) {
			log.warn("Refusal of {} not recorded: {}", requestId, ex.getMessage());
		}
	}

	/**
	 * Drops a reservation whose request is served another way (by v1). Best effort.
	 * @param requestId the request id
	 */
	void unreserve(String requestId) {
		try {
			marker(requestId).delete();
		}
		catch (RedisException ex) {
			log.warn("Reservation of {} left to expire: {}", requestId, ex.getMessage());
		}
	}

	/**
	 * Marks the request PENDING (unless {@link #reserve reserved}) and publishes it,
	 * waiting for the acknowledgement at most {@code publish-timeout}. The marker write
	 * and the broker round trip overlap.
	 * @param request the admitted request
	 * @param reserved whether {@link #reserve} already wrote the marker
	 * @return ACKNOWLEDGED, or IN_DOUBT if the record may or may not be in the log
	 * @throws DomainException ISSUE_QUEUE_UNAVAILABLE if the record surely never left the
	 * producer (the marker is removed; the caller releases the admission)
	 */
	Delivery publish(QueuedRequest request, boolean reserved) {
		RBucket<String> marker = marker(request.requestId());
		RFuture<Void> marked = reserved ? null
				: marker.setAsync(new RequestMarker(request.resourceId(), request.holderId(), null).format(),
						this.properties.pendingTtl());
		try {
			this.kafka.send(this.topic, request.resourceId(), request)
				.get(this.properties.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return inDoubt(request, ex);
		}
		catch (TimeoutException ex) {
			return inDoubt(request, ex);
		}
		catch (ExecutionException | RuntimeException ex) {
			if (!surelyNotSent(ex)) {
				return inDoubt(request, ex);
			}
			log.error("{} request {} not queued", this.name, request.requestId(), ex);
			if (marked == null || await(request, marked)) {
				unreserve(request.requestId());
			}
			throw new DomainException(IssuingErrorCode.ISSUE_QUEUE_UNAVAILABLE,
					"The queue did not accept the request; nothing was done. Retry shortly.");
		}
		if (marked != null) {
			await(request, marked);
		}
		return Delivery.ACKNOWLEDGED;
	}

	/**
	 * @param requestId the request id
	 * @return the queued, unprocessed request (or its gate refusal); empty if unknown,
	 * processed, or Redis cannot answer
	 */
	Optional<RequestMarker> pending(String requestId) {
		try {
			return Optional.ofNullable(marker(requestId).get()).map(RequestMarker::parse);
		}
		catch (RedisException ex) {
			log.warn("PENDING marker of {} unreadable: {}", requestId, ex.getMessage());
			return Optional.empty();
		}
	}

	/**
	 * Whether a failed send surely never left the producer: it failed before the record
	 * was appended to a batch (kafka-clients 4.1: serialization, metadata not available
	 * or buffer full within {@code max.block.ms}, record too large, interrupted while
	 * blocked, producer closed). Everything else, the delivery timeout above all, may
	 * have reached the broker.
	 * @param failure what {@code send(…).get()} threw
	 * @return {@code true} only if the record surely is not in the log
	 */
	static boolean surelyNotSent(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof SerializationException || cause instanceof BufferExhaustedException
					|| cause instanceof RecordTooLargeException || cause instanceof InterruptException
					|| cause instanceof org.springframework.kafka.support.serializer.DeserializationException) {
				return true;
			}
			String message = String.valueOf(cause.getMessage());
			if (cause instanceof org.apache.kafka.common.errors.TimeoutException
					&& message.contains("not present in metadata")) {
				return true;
			}
			if (message.contains("producer has been closed")) {
				return true;
			}
		}
		return false;
	}

	private Delivery inDoubt(QueuedRequest request, Exception cause) {
		log.warn("{} request {} in doubt: no acknowledgement ({}); decided by the consumer or after the delivery"
				+ " window", this.name, request.requestId(), cause.toString());
		return Delivery.IN_DOUBT;
	}

	private static boolean await(QueuedRequest request, RFuture<Void> marked) {
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

	private RBucket<String> marker(String requestId) {
		return this.redisson.getBucket(this.name + "-request:{" + requestId + "}", StringCodec.INSTANCE);
	}

	/** What the producer knows about a publish. */
	enum Delivery {

		/** The broker acknowledged: the record is in the log. */
		ACKNOWLEDGED,

		/** No acknowledgement, yet the record may be in the log. */
		IN_DOUBT

	}

}
