package com.example.promo.coupon.issue;

import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.example.promo.common.issuing.Admission;
import com.example.promo.common.issuing.Issuing;
import com.example.promo.common.issuing.IssuingContract;
import com.example.promo.coupon.support.IntegrationTestSupport;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's waiting room (time sales' v3), on the real Redis: admissions that join it get
 * places from one atomic sequence in the admission script itself, so fifty holders
 * pressing at once get fifty different places, and a request leaves the room when it is
 * written or released. Run on a coupon's gate, the one resource kind this service has.
 */
class WaitingRoomGateTests extends IntegrationTestSupport {

	@Autowired
	private Issuing<CouponIssueRequested, BatchIssueWriter.Written> issuing;

	@Test
	void fiftyHoldersAtOnceGetFiftyPlacesInOrderAndLeaveWhenDecided() throws Exception {
		String couponId = Long.toString(createCoupon(100, 1));

		List<Admission> admissions = IssuingContract.burst(50, (i) -> this.issuing.gate()
			.admit(couponId, "queued-" + couponId + "-" + i, 1, "", UUID.randomUUID().toString(), true));

		List<Admission> inLine = admissions.stream().sorted(Comparator.comparingLong(Admission::sequence)).toList();
		assertThat(inLine).extracting(Admission::sequence)
			.as("no two places tie")
			.containsExactlyElementsOf(LongStream.rangeClosed(1, 50).boxed().toList());
		for (int place = 0; place < inLine.size(); place++) {
			assertThat(this.issuing.position(couponId, inLine.get(place).requestId())).contains((long) place);
		}

		this.issuing.gate().release(inLine.get(9), null);
		this.issuing.gate().settle(couponId, inLine.subList(0, 5).stream().map(Admission::requestId).toList());

		assertThat(this.issuing.position(couponId, inLine.get(9).requestId())).as("released: left the room").isEmpty();
		assertThat(this.issuing.position(couponId, inLine.get(0).requestId())).as("written: left the room").isEmpty();
		assertThat(this.issuing.position(couponId, inLine.get(5).requestId())).contains(0L);
		assertThat(this.issuing.position(couponId, inLine.get(49).requestId())).contains(43L);
	}

}
