package com.example.promo.coupon.bench;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import com.example.promo.common.security.CurrentUserId;

import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's ceiling: {@code POST /api/coupons/{couponId}/noop} goes through
 * everything an issue goes through (gateway route, JWT validation, MVC, JSON) and then
 * does nothing. Only served with the {@code bench} profile
 * ({@code scripts/up.sh --bench}, which {@code load-tests/bench.sh} asks for; it compares
 * each strategy's requests/s with this one), never by default.
 */
@RestController
@RequestMapping("/api/coupons")
@Tag(name = "Benchmark")
@Profile("bench")
class NoopController {

	@PostMapping("/{couponId}/noop")
	@Operation(summary = "Does nothing for an authenticated caller: the ceiling that issuing is measured against")
	NoopResponse noop(@PathVariable long couponId, @CurrentUserId String userId) {
		return new NoopResponse(couponId, userId);
	}

	/**
	 * What the no-op answers.
	 *
	 * @param couponId the path's coupon id, echoed
	 * @param userId the caller (JWT subject)
	 */
	record NoopResponse(long couponId, String userId) {
	}

}
