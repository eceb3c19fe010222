package com.example.promo.common.issuing;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failed publishes may answer 503 (surely never sent) and which are in doubt. The
 * messages are kafka-clients 4.1's own.
 */
class RequestQueueTests {

	private static Exception asTheTemplateReportsIt(Exception cause) {
		return new ExecutionException(new KafkaProducerException(
				new ProducerRecord<>("coupon.issue.requested", "k", "v"), "Send failed", cause));
	}

	@Test
	void failuresBeforeTheRecordWasAppendedSurelyNeverLeft() {
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(
				new TimeoutException("Topic coupon.issue.requested not present in metadata after 2000 ms."))))
			.isTrue();
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(new BufferExhaustedException("buffer full"))))
			.isTrue();
		assertThat(RequestQueue.surelyNotSent(new SerializationException("cannot serialize"))).isTrue();
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(
				new IllegalStateException("Cannot perform operation after producer has been closed"))))
			.isTrue();
	}

	@Test
	void aDeliveryTimeoutOrABrokerErrorIsInDoubt() {
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(new TimeoutException(
				"Expiring 12 record(s) for coupon.issue.requested-1:5002 ms has passed since batch creation"))))
			.isFalse();
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(new NetworkException("disconnected")))).isFalse();
		assertThat(RequestQueue.surelyNotSent(asTheTemplateReportsIt(new NotEnoughReplicasException("isr")))).isFalse();
	}

	@Test
	void aMarkerRoundTripsHolderIdsWithColons() {
		RequestMarker pending = new RequestMarker("42", "alice:eu", null);
		RequestMarker refused = new RequestMarker("42", "bob:1:x", "COUPON_SOLD_OUT");

		assertThat(RequestMarker.parse(pending.format())).isEqualTo(pending);
		assertThat(RequestMarker.parse(refused.format())).isEqualTo(refused);
		assertThat(RequestMarker.parse("42:carol")).isEqualTo(new RequestMarker("42", "carol", null));
	}

}
