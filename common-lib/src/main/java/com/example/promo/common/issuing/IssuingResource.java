package com.example.promo.common.issuing;

import java.util.function.BiFunction;
import java.util.function.Function;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;

/**
 * What a service plugs into the kit for one kind of resource: everything else of v2 and
 * v3 (gate, group commit, queue, consumer, in-doubt and dead-letter handling,
 * reconciliation, metrics) is the kit's.
 *
 * @param <R> the service's request (Kafka event) record
 * @param <W> the service's write outcome
 * @param name the kind of resource, e.g. {@code coupon}: Redis key prefix
 * ({@code coupon:{42}:gate}), metrics tag, consumer group {@code coupon-issue-writer}
 * @param topic the request topic, e.g. {@code coupon.issue.requested} (its dead-letter
 * topic is {@code <topic>.DLT}); both are created at startup if missing
 * @param requestType the request record's class, what the consumer deserializes
 * @param snapshots what a rebuilt gate holds
 * @param writer the batch write under the database's guards
 * @param outcomes the service's outcome table
 * @param gateRefusal how the database's refusals release an admission: the service's code
 * → the kit's refusal ({@code null} for "restore everything")
 * @param refusal the service's answer to a gate refusal of a resource id
 */
public record IssuingResource<R extends QueuedRequest, W extends WriteOutcome>(String name, String topic,
		Class<R> requestType, GateSnapshotSource snapshots, BatchWriter<R, W> writer, OutcomeRecorder outcomes,
		Function<ErrorCode, GateRefusal> gateRefusal, BiFunction<GateRefusal, String, DomainException> refusal) {
}
