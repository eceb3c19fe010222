package com.example.promo.coupon.issue;

import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import com.example.promo.coupon.CouponErrorCode;

import org.springframework.kafka.core.KafkaProducerException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failed publishes may answer 503 (surely never sent) and which are in doubt. The
 * messages are kafka-clients 4.1's own.
 */
class IssueQueueTests {

	private static Exception asTheTemplateReportsIt(Exception cause) {
		return new ExecutionException(new KafkaProducerException(
				new ProducerRecord<>("coupon.issue.requested", "k", "v"), "Send failed", cause));
	}

	@Test
	void failuresBeforeTheRecordWasAppendedSurelyNeverLeft() {
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(
				new TimeoutException("Topic coupon.issue.requested not present in metadata after 2000 ms."))))
			.isTrue();
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(new BufferExhaustedException("buffer full"))))
			.isTrue();
		assertThat(IssueQueue.surelyNotSent(new SerializationException("cannot serialize"))).isTrue();
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(
				new IllegalStateException("Cannot perform operation after producer has been closed"))))
			.isTrue();
	}

	@Test
	void aDeliveryTimeoutOrABrokerErrorIsInDoubt() {
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(new TimeoutException(
				"Expiring 12 record(s) for coupon.issue.requested-1:5002 ms has passed since batch creation"))))
			.isFalse();
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(new NetworkException("disconnected")))).isFalse();
		assertThat(IssueQueue.surelyNotSent(asTheTemplateReportsIt(new NotEnoughReplicasException("isr")))).isFalse();
	}

	@Test
	void aMarkerRoundTripsUserIdsWithColons() {
		IssueQueue.Marker pending = new IssueQueue.Marker(42, "alice:eu", null);
		IssueQueue.Marker refused = new IssueQueue.Marker(42, "bob:1:x", CouponErrorCode.COUPON_SOLD_OUT);

		assertThat(IssueQueue.Marker.parse(pending.format())).isEqualTo(pending);
		assertThat(IssueQueue.Marker.parse(refused.format())).isEqualTo(refused);
		assertThat(IssueQueue.Marker.parse("42:carol")).isEqualTo(new IssueQueue.Marker(42, "carol", null));
	}

}
