package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.example.promo.common.error.DomainException;
import com.example.promo.coupon.CouponErrorCode;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;

/** The strategy choreography: fallback, and releasing an admission exactly once. */
@ExtendWith(MockitoExtension.class)
class CouponIssueServiceTests {

	private static final long COUPON = 7;

	private static final String USER = "u-1";

	@Mock
	private CouponIssuer issuer;

	@Mock
	private GroupCommit groupCommit;

	@Mock
	private IssueGate gate;

	@Mock
	private IssueQueue queue;

	@Mock
	private IssuedCouponRepository issuedCoupons;

	@Mock
	private IssuedCouponQueries queries;

	@Mock
	private IssueMetrics metrics;

	@Mock
	private InDoubtRequests inDoubt;

	private CouponIssueService service;

	private final IssueGate.Admission admission = new IssueGate.Admission(COUPON, USER, "epoch-1");

	@BeforeEach
	void setUp() {
		this.service = new CouponIssueService(this.issuer, this.groupCommit, this.gate, this.queue, this.issuedCoupons,
				this.queries, this.metrics, this.inDoubt,
				Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
	}

	@Test
	void v1NeverTouchesTheGate() {
		IssuedCoupon coupon = mock(IssuedCoupon.class);
		given(this.issuer.issueLocked(eq(COUPON), eq(USER), anyString())).willReturn(coupon);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V1, null);

		assertThat(result).isEqualTo(new IssueResult.Issued(coupon, IssueStrategy.V1));
		then(this.gate).shouldHaveNoInteractions();
	}

	@Test
	void v2FallsBackToV1WhenTheGateIsUnavailable() {
		IssuedCoupon coupon = mock(IssuedCoupon.class);
		given(this.gate.admit(COUPON, USER)).willThrow(new GateUnavailableException("down", null));
		given(this.issuer.issueLocked(eq(COUPON), eq(USER), anyString())).willReturn(coupon);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V2, null);

		assertThat(result.servedBy()).isEqualTo(IssueStrategy.V1);
		then(this.metrics).should().fellBack();
		then(this.groupCommit).should(never()).write(any(), any());
	}

	@Test
	void v2ReleasesTheAdmissionOnceWhenTheDatabaseRefuses() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.groupCommit.write(any(), any())).willAnswer((call) -> BatchIssueWriter.Written
			.rejected(call.getArgument(0), CouponErrorCode.COUPON_SOLD_OUT, Instant.now()));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.COUPON_SOLD_OUT);
				assertThat(ex.servedBy()).isEqualTo(IssueStrategy.V2);
			});
		then(this.gate).should(times(1)).release(this.admission, CouponErrorCode.COUPON_SOLD_OUT);
	}

	@Test
	void v2ReleasesTheAdmissionOnceWhenTheWriteFails() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.groupCommit.write(any(), any())).willThrow(new IllegalStateException("db down"));

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void v2KeepsTheUsersCountWhenAConcurrentRequestOfTheSameUserWon() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.groupCommit.write(any(), any()))
			.willThrow(new DataIntegrityViolationException("uk_issued_coupon_user_seq"));
		given(this.issuedCoupons.findByRequestId(anyString())).willReturn(Optional.empty());

		assertThatExceptionOfType(DomainException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.ALREADY_ISSUED));
		then(this.gate).should(times(1)).release(this.admission, CouponErrorCode.ALREADY_ISSUED);
	}

	@Test
	void v3ReleasesTheAdmissionWhenTheQueueRefuses() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		willThrow(new DomainException(CouponErrorCode.ISSUE_QUEUE_UNAVAILABLE, "broker down")).given(this.queue)
			.publish(any(), eq(false));

		assertThatExceptionOfType(DomainException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V3, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.ISSUE_QUEUE_UNAVAILABLE));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void v2WithdrawnBeforeAnyWriterTookItReleasesAndAnswersWriteTimeout() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.groupCommit.write(any(), any())).willThrow(new GroupCommit.TimedOut(true));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.WRITE_TIMEOUT));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void v2WhoseWriteIsUnderWayKeepsTheAdmissionAndReleasesOnlyWhenALateRefusalComes() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		AtomicReference<BiConsumer<BatchIssueWriter.Written, Throwable>> late = new AtomicReference<>();
		given(this.groupCommit.write(any(), any())).willAnswer((call) -> {
			late.set(call.getArgument(1));
			throw new GroupCommit.TimedOut(false);
		});

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.WRITE_TIMEOUT));
		then(this.gate).should(never()).release(any(), any());

		late.get()
			.accept(BatchIssueWriter.Written.rejected(
					new CouponIssueRequested("r-1", COUPON, USER, "epoch-1", Instant.now()),
					CouponErrorCode.COUPON_SOLD_OUT, Instant.now()), null);
		then(this.gate).should(times(1)).release(this.admission, CouponErrorCode.COUPON_SOLD_OUT);
	}

	@Test
	void v2RefusedByAFullQueueReleasesAndAnswersServiceUnavailable() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.groupCommit.write(any(), any())).willThrow(new GroupCommit.NotQueued("full"));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.SERVICE_UNAVAILABLE));
		then(this.gate).should(times(1)).release(this.admission, null);
	}

	@Test
	void v3InDoubtAnswersAcceptedKeepsTheAdmissionAndRecordsTheRequest() {
		given(this.gate.admit(COUPON, USER)).willReturn(this.admission);
		given(this.queue.publish(any(), eq(false))).willReturn(IssueQueue.Delivery.IN_DOUBT);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V3, null);

		assertThat(result).isInstanceOf(IssueResult.Queued.class);
		then(this.inDoubt).should().record(any());
		then(this.gate).should(never()).release(any(), any());
	}

	@Test
	void v3WithAKeyAlreadyInFlightTakesNoSecondUnit() {
		given(this.queries.find(anyString())).willReturn(Optional.empty());
		given(this.queue.reserve(anyString(), eq(COUPON), eq(USER))).willReturn(false);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V3, "press-1");

		assertThat(result)
			.isEqualTo(new IssueResult.Queued(CouponIssueService.requestId(USER, "press-1"), IssueStrategy.V3));
		then(this.gate).shouldHaveNoInteractions();
	}

	@Test
	void aGateRefusalTakesNothingAndReleasesNothing() {
		given(this.gate.admit(COUPON, USER)).willThrow(CouponIssuer.refusalOf(CouponErrorCode.ALREADY_ISSUED, COUPON));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V3, null));
		then(this.gate).should(never()).release(any(), any());
		then(this.queue).shouldHaveNoInteractions();
	}

	@Test
	void theSameUserAndKeyAlwaysMapToTheSameRequestIdAndOtherUsersNever() {
		assertThat(CouponIssueService.requestId("a", "k")).isEqualTo(CouponIssueService.requestId("a", "k"));
		assertThat(CouponIssueService.requestId("a", "k")).isNotEqualTo(CouponIssueService.requestId("b", "k"));
		assertThat(CouponIssueService.requestId("a", null)).isNotEqualTo(CouponIssueService.requestId("a", null));
	}

}
