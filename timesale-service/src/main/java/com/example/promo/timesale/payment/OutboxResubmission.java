package com.example.promo.timesale.payment;

import net.javacrumbs.shedlock.spring.annotation.SchedulerLock;

import org.springframework.modulith.events.CompletedEventPublications;
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
 * event's own {@code eventId}, which the consumer deduplicates on. Completed ones are
 * deleted after {@code outbox-keep-completed}.
 */
@Component
class OutboxResubmission {

	private final IncompleteEventPublications publications;

	private final CompletedEventPublications completed;

	private final PaymentProperties properties;

	OutboxResubmission(IncompleteEventPublications publications, CompletedEventPublications completed,
			PaymentProperties properties) {
		this.publications = publications;
		this.completed = completed;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "${promo.timesale.payment.outbox-resubmit-ms:5000}",
			initialDelayString = "${promo.timesale.payment.outbox-resubmit-ms:5000}")
	@SchedulerLock(name = "timesale-outbox-resubmit", lockAtMostFor = "PT2M")
	void resubmit() {
		this.publications.resubmitIncompletePublicationsOlderThan(this.properties.outboxResubmitOlderThan());
	}

	/**
	 * Hourly: completed publications older than
	 * {@code promo.timesale.payment.outbox-keep-completed} are deleted (the order rows
	 * keep the event ids).
	 */
	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT1M")
	@SchedulerLock(name = "timesale-outbox-purge", lockAtMostFor = "PT10M")
	void purge() {
		this.completed.deletePublicationsOlderThan(this.properties.outboxKeepCompleted());
	}

}
