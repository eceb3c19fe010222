package com.example.promo.coupon.issue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mock;
import org.mockito.junit.jupiter.MockitoExtension;

import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.GateUnavailableException;
import com.example.promo.common.issuing.IssueMetrics;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.RequestIds;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.issue.BatchIssueWriter.Written;
import com.example.promo.coupon.wallet.IssuedCoupon;
import com.example.promo.coupon.wallet.IssuedCouponRepository;

import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.lenient;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;

/**
 * coupon-service's strategy choreography on the kit: which strategy serves, fallback to
 * v1, replays, and a reserved v3 key. Releasing admissions is the kit's
 * ({@code IssuingTests} in common-lib).
 */
@ExtendWith(MockitoExtension.class)
class CouponIssueServiceTests {

	private static final long COUPON = 7;

	private static final String USER = "u-1";

	@Mock
	private CouponIssuer issuer;

	@Mock
	private Issuing<CouponIssueRequested, Written> issuing;

	@Mock
	private IssuedCouponRepository issuedCoupons;

	@Mock
	private IssueRequestQueries queries;

	private CouponIssueService service;

	private final Admission admission = new Admission("7", USER, 1, "epoch-1", "r-1", "", 0);

	@BeforeEach
	void setUp() {
		this.service = new CouponIssueService(this.issuer, this.issuing, this.issuedCoupons, this.queries,
				Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
		lenient().when(this.issuing.metrics()).thenReturn(new IssueMetrics(new SimpleMeterRegistry(), "coupon"));
		// v3's reservation bookkeeping is the kit's, made of the steps mocked here.
		lenient().when(this.issuing.queue(any(), any(), any(), anyInt(), any(), anyBoolean(), any()))
			.thenCallRealMethod();
		lenient().when(this.issuing.queue(any(), any(), any(), anyInt(), any(), anyBoolean(), anyBoolean(), any()))
			.thenCallRealMethod();
	}

	@Test
	void v1NeverTouchesTheGate() {
		IssuedCoupon coupon = mock(IssuedCoupon.class);
		given(this.issuer.issueLocked(eq(COUPON), eq(USER), anyString())).willReturn(coupon);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V1, null);

		assertThat(result).isEqualTo(new IssueResult.Issued(coupon, IssueStrategy.V1));
		then(this.issuing).should(never()).admit(any(), any(), any(), anyInt(), any(), any());
	}

	@Test
	void v2FallsBackToV1WhenTheGateIsUnavailable() {
		IssuedCoupon coupon = mock(IssuedCoupon.class);
		given(this.issuing.admit(eq(IssueStrategy.V2), eq("7"), eq(USER), eq(1), eq(""), anyString()))
			.willThrow(new GateUnavailableException("down", null));
		given(this.issuer.issueLocked(eq(COUPON), eq(USER), anyString())).willReturn(coupon);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V2, null);

		assertThat(result.servedBy()).isEqualTo(IssueStrategy.V1);
		then(this.issuing).should(never()).writeThrough(any(), any());
	}

	@Test
	void v2AnswersTheDatabasesRefusalAsACouponCode() {
		given(this.issuing.admit(eq(IssueStrategy.V2), eq("7"), eq(USER), eq(1), eq(""), anyString()))
			.willReturn(this.admission);
		given(this.issuing.writeThrough(any(), eq(this.admission))).willAnswer(
				(call) -> Written.rejected(call.getArgument(0), CouponErrorCode.COUPON_SOLD_OUT, Instant.now()));

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> {
				assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.COUPON_SOLD_OUT);
				assertThat(ex.servedBy()).isEqualTo(IssueStrategy.V2);
			});
	}

	@Test
	void v2LosingToAConcurrentWriteOfTheSameUserIsAlreadyIssued() {
		given(this.issuing.admit(eq(IssueStrategy.V2), eq("7"), eq(USER), eq(1), eq(""), anyString()))
			.willReturn(this.admission);
		given(this.issuing.writeThrough(any(), eq(this.admission)))
			.willThrow(new DataIntegrityViolationException("uk_issued_coupon_user_seq"));
		given(this.issuedCoupons.findByRequestId(anyString())).willReturn(Optional.empty());

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V2, null))
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo(CouponErrorCode.ALREADY_ISSUED));
	}

	@Test
	void v3WithAKeyAlreadyInFlightTakesNoSecondUnit() {
		given(this.queries.find(anyString())).willReturn(Optional.empty());
		given(this.issuing.reserve(anyString(), eq("7"), eq(USER))).willReturn(false);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V3, "press-1");

		assertThat(result).isEqualTo(new IssueResult.Queued(RequestIds.of(USER, "press-1"), IssueStrategy.V3));
		then(this.issuing).should(never()).admit(any(), any(), any(), anyInt(), any(), any(), anyBoolean());
	}

	@Test
	void v3WithAReservedKeyRefusedAtTheGateRemembersTheRefusalForItsRepeats() {
		IssueRefusedException soldOut = new IssueRefusedException(
				CouponIssuer.refusalOf(CouponErrorCode.COUPON_SOLD_OUT, COUPON), IssueStrategy.V3);
		given(this.queries.find(anyString())).willReturn(Optional.empty());
		given(this.issuing.reserve(anyString(), eq("7"), eq(USER))).willReturn(true);
		given(this.issuing.admit(eq(IssueStrategy.V3), eq("7"), eq(USER), eq(1), eq(""), anyString(), eq(false)))
			.willThrow(soldOut);

		assertThatExceptionOfType(IssueRefusedException.class)
			.isThrownBy(() -> this.service.issue(COUPON, USER, IssueStrategy.V3, "press-2"));
		then(this.issuing).should()
			.refuseReserved(RequestIds.of(USER, "press-2"), "7", USER, CouponErrorCode.COUPON_SOLD_OUT);
		then(this.issuing).should(never()).enqueue(any(), anyBoolean());
	}

	@Test
	void v3WithTheGateUnavailableDropsTheReservationAndIsServedByV1() {
		IssuedCoupon coupon = mock(IssuedCoupon.class);
		given(this.queries.find(anyString())).willReturn(Optional.empty());
		given(this.issuing.reserve(anyString(), eq("7"), eq(USER))).willReturn(true);
		given(this.issuing.admit(eq(IssueStrategy.V3), eq("7"), eq(USER), eq(1), eq(""), anyString(), eq(false)))
			.willThrow(new GateUnavailableException("down", null));
		given(this.issuer.issueLocked(eq(COUPON), eq(USER), anyString())).willReturn(coupon);

		IssueResult result = this.service.issue(COUPON, USER, IssueStrategy.V3, "press-3");

		assertThat(result.servedBy()).isEqualTo(IssueStrategy.V1);
		then(this.issuing).should().unreserve(RequestIds.of(USER, "press-3"));
	}

}
