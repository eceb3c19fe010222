package com.example.promo.timesale.payment;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The outbox's safety net: Spring Modulith publishes {@link OrderConfirmed} and
 * {@link OrderRefunded} to Kafka after the commit that wrote them to
 * {@code EVENT_PUBLICATION}, and marks the row complete once Kafka acknowledged. A
 * publication still incomplete after
 * {@code promo.timesale.payment.outbox-resubmit-older-than} (a failed send, or a process
 * that died between Kafka's acknowledgement and the completion) is published again every
 * {@code outbox-resubmit-ms} by one instance (ShedLock) — at least once, always with the
 * event's own {@code eventId}, which the consumer deduplicates on.
 */
@Component
class OutboxResubmission {

	private final IncompleteEventPublications publications;

	private final PaymentProperties properties;

	OutboxResubmission(IncompleteEventPublications publications, PaymentProperties properties) {
		this.publications = publications;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${promo.timesale.payment.outbox-resubmit-ms:5000}",
			initialDelayString = "${promo.timesale.payment.outbox-resubmit-ms:5000}")
	@SchedulerLock(name = "timesale-outbox-resubmit", lockAtMostFor = "PT2M")
	void resubmit() {
		this.publications.resubmitIncompletePublicationsOlderThan(this.properties.outboxResubmitOlderThan());
	}

}
