package com.example.promo.common.issuing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ErrorCode;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/**
 * The kit's choreography of v2 and v3: every admission the database does not turn into a
 * write is released exactly once, by whoever learns the outcome.
 */
class IssuingTests {

	private final AdmissionGate gate = mock(AdmissionGate.class);

	@SuppressWarnings("unchecked")
	private final GroupCommit<GroupCommitTests.Request, GroupCommitTests.Outcome> groupCommit = mock(GroupCommit.class);

	private final RequestQueue queue = mock(RequestQueue.class);

	private final InDoubtRequests inDoubt = mock(InDoubtRequests.class);

	private final OutcomeRecorder outcomes = mock(OutcomeRecorder.class);

	private final GroupCommitTests.Request request = new GroupCommitTests.Request("r-1", "7", "u-1", 1, "epoch-1",
			Instant.now());

	private final Admission admission = this.request.admission();

	private Issuing<GroupCommitTests.Request, GroupCommitTests.Outcome> issuing;

	@BeforeEach
	void setUp() {
		IssuingResource<GroupCommitTests.Request, GroupCommitTests.Outcome> resource = new IssuingResource<>("coupon",
				"coupon.issue.requested", GroupCommitTests.Request.class, (id) -> null, (batch, strategy) -> List.of(),
				this.outcomes, (code) -> (code == Refusal.GONE) ? GateRefusal.SOLD_OUT : null,
				(refusal, id) -> new DomainException(Refusal.GONE, refusal + " " + id));
		this.issuing = new Issuing<>(resource, this.gate, this.groupCommit, this.queue, this.inDoubt,
				new IssueMetrics(new SimpleMeterRegistry(), "coupon"), properties(), Clock.systemUTC());
	}

	private static IssuingProperties properties() {
		return new IssuingProperties(Duration.ofSeconds(3), Duration.ofSeconds(30), Duration.ofDays(1), 1, 200, 10,
				Duration.ofSeconds(5), Duration.ofSeconds(7), Duration.ofSeconds(30), 1000, Duration.ofMinutes(3),
				30_000);
	}

	@Test
	void aDatabaseRefusalReleasesTheAdmissionOnceAsTheServiceMapsIt() {
		given(this.groupCommit.write(any(), any()))
			.willReturn(new GroupCommitTests.Outcome(this.request.requestId(), Refusal.GONE));

		GroupCommitTests.Outcome outcome = this.issuing.writeThrough(this.request, this.admission);

		assertThat(outcome.refusal()).isEqualTo(Refusal.GONE);
		then(this.gate).should(times(1)).release(this.admission, GateRefusal.SOLD_OUT);
	}

	@Test
	void aFailedWriteReleasesEverything() {
		given(this.groupCommit.write(any(), any())).willThrow(new IllegalStateException("db down"));

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.issuing.writeThrough(this.request, this.admission));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void aConcurrentWriteOfTheSameHolderKeepsTheHoldersCount() {
		given(this.groupCommit.write(any(), any())).willThrow(new DataIntegrityViolationException("uk"));
		given(this.outcomes.decided(List.of("r-1"))).willReturn(Set.of());

		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> this.issuing.writeThrough(this.request, this.admission));
		then(this.gate).should(times(1)).release(this.admission, GateRefusal.HOLDER_LIMIT);
	}

	@Test
	void aWriteWithdrawnBeforeAnyWriterTookItReleasesAndAnswersWriteTimeout() {
		given(this.groupCommit.write(any(), any())).willThrow(new GroupCommit.TimedOut(true));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.writeThrough(this.request, this.admission))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(IssuingErrorCode.WRITE_TIMEOUT));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void aWriteUnderWayKeepsTheAdmissionUntilItsLateOutcomeComes() {
		AtomicReference<BiConsumer<GroupCommitTests.Outcome, Throwable>> late = new AtomicReference<>();
		given(this.groupCommit.write(any(), any())).willAnswer((call) -> {
			late.set(call.getArgument(1));
			throw new GroupCommit.TimedOut(false);
		});

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.writeThrough(this.request, this.admission))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(IssuingErrorCode.WRITE_TIMEOUT));
		then(this.gate).should(never()).release(any(), any());

		late.get().accept(new GroupCommitTests.Outcome("r-1", Refusal.GONE), null);
		then(this.gate).should(times(1)).release(this.admission, GateRefusal.SOLD_OUT);
	}

	@Test
	void aFullWriteQueueReleasesAndAnswersServiceUnavailable() {
		given(this.groupCommit.write(any(), any())).willThrow(new GroupCommit.NotQueued("full"));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.writeThrough(this.request, this.admission))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(IssuingErrorCode.SERVICE_UNAVAILABLE));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void aPublishThatSurelyNeverLeftReleasesAndAnswersQueueUnavailable() {
		given(this.queue.publish(any(), anyBoolean()))
			.willThrow(new DomainException(IssuingErrorCode.ISSUE_QUEUE_UNAVAILABLE, "broker down"));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.enqueue(this.request, false))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(IssuingErrorCode.ISSUE_QUEUE_UNAVAILABLE));
		then(this.gate).should(times(1)).release(this.admission, null);
		then(this.inDoubt).shouldHaveNoInteractions();
	}

	@Test
	void aPublishInDoubtKeepsTheAdmissionAndIsRecordedForLater() {
		given(this.queue.publish(any(), anyBoolean())).willReturn(RequestQueue.Delivery.IN_DOUBT);

		this.issuing.enqueue(this.request, false);

		then(this.inDoubt).should().record(this.request);
		then(this.gate).should(never()).release(any(), any());
	}

	@Test
	void aGateRefusalIsTheServicesRefusalAndTakesNothing() {
		given(this.gate.admit("7", "u-1", 1, "", "r-1", false))
			.willThrow(new DomainException(Refusal.GONE, "sold out"));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.admit(IssueStrategy.V3, "7", "u-1", 1, "", "r-1"))
			.satisfies((ex) -> assertThat(ex.servedBy()).isEqualTo(IssueStrategy.V3));
		then(this.gate).should(never()).release(any(), any());
	}

	@Test
	void queueingAReservedRequestTheGateRefusesRecordsTheRefusalOnTheReservation() {
		given(this.queue.reserve("r-1", "7", "u-1")).willReturn(true);
		given(this.gate.admit("7", "u-1", 1, "", "r-1", false))
			.willThrow(new DomainException(Refusal.GONE, "sold out"));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.issuing.queue("r-1", "7", "u-1", 1, "", true, (admission) -> this.request));
		then(this.queue).should().refuse("r-1", "7", "u-1", "GONE");
		then(this.queue).should(never()).publish(any(), anyBoolean());
	}

	@Test
	void queueingWithTheGateDownDropsTheReservationForV1() {
		given(this.queue.reserve("r-1", "7", "u-1")).willReturn(true);
		given(this.gate.admit("7", "u-1", 1, "", "r-1", false)).willThrow(new GateUnavailableException("down", null));

		assertThat(this.issuing.queue("r-1", "7", "u-1", 1, "", true, (admission) -> this.request))
			.isEqualTo(Queueing.GATE_UNAVAILABLE);
		then(this.queue).should().unreserve("r-1");
		then(this.queue).should(never()).publish(any(), anyBoolean());
	}

	@Test
	void queueingARequestIdReservedAlreadyTakesNothing() {
		given(this.queue.reserve("r-1", "7", "u-1")).willReturn(false);

		assertThat(this.issuing.queue("r-1", "7", "u-1", 1, "", true, (admission) -> this.request))
			.isEqualTo(Queueing.IN_FLIGHT);
		then(this.gate).shouldHaveNoInteractions();
	}

	@Test
	void queueingAnAdmittedRequestPublishesItWithItsReservation() {
		given(this.queue.reserve("r-1", "7", "u-1")).willReturn(true);
		given(this.gate.admit("7", "u-1", 1, "", "r-1", false)).willReturn(this.admission);
		given(this.queue.publish(this.request, true)).willReturn(RequestQueue.Delivery.ACKNOWLEDGED);

		assertThat(this.issuing.queue("r-1", "7", "u-1", 1, "", true, (admission) -> this.request))
			.isEqualTo(Queueing.QUEUED);
		then(this.queue).should().publish(this.request, true);
	}

	@Test
	void queueingIntoTheWaitingRoomAdmitsWithAPlaceAndPublishesTheRequestMadeFromIt() {
		Admission placed = new Admission("7", "u-1", 1, "epoch-1", "r-1", "", 42);
		given(this.gate.admit("7", "u-1", 1, "", "r-1", true)).willReturn(placed);
		given(this.queue.publish(this.request, false)).willReturn(RequestQueue.Delivery.ACKNOWLEDGED);
		List<Admission> seen = new ArrayList<>();

		assertThat(this.issuing.queue("r-1", "7", "u-1", 1, "", false, true, (admission) -> {
			seen.add(admission);
			return this.request;
		})).isEqualTo(Queueing.QUEUED);
		assertThat(seen).containsExactly(placed);
		then(this.gate).should(never()).admit("7", "u-1", 1, "", "r-1", false);
		then(this.queue).should().publish(this.request, false);
	}

	/** A service's refusal code, for the mappings. */
	enum Refusal implements ErrorCode {

		GONE;

		@Override
		public HttpStatus status() {
			return HttpStatus.CONFLICT;
		}

		@Override
		public String title() {
			return "Gone";
		}

	}

}
