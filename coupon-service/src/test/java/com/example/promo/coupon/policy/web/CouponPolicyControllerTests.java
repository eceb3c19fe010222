package com.example.promo.coupon.policy.web;

import org.junit.jupiter.api.Test;

import com.example.promo.common.error.InvalidFieldException;
import com.example.promo.common.error.ProblemDetailsAutoConfiguration;
import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;
import com.example.promo.coupon.policy.CouponPolicyService;
import com.example.promo.coupon.policy.CouponStatus;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static com.example.promo.coupon.support.WebSlices.assertProblem;
import static com.example.promo.coupon.support.WebSlices.assertValidationFailed;
import static com.example.promo.coupon.support.WebSlices.user;
import static com.example.promo.coupon.support.WebSlices.withRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;

/**
 * The policy endpoints' web layer with the service mocked: bad input is a 400 naming the
 * field before the service is called, the service's refusals keep their status and code,
 * and only admins with a token create or switch policies.
 */
@WebMvcTest(CouponPolicyController.class)
@ActiveProfiles({ "local", "test" })
@ImportAutoConfiguration({ ProblemDetailsAutoConfiguration.class, ResourceServerSecurityAutoConfiguration.class })
class CouponPolicyControllerTests {

	private static final String VALID = """
			{"name":"Slice coupon","discountType":"FIXED","discountValue":1000,"minOrderAmount":10000,
			 "totalQuantity":10,"perUserLimit":1,"issueStartsAt":"2026-01-01T00:00:00Z",
			 "issueEndsAt":"2030-01-01T00:00:00Z","validDays":7}
			""";

	private static final RequestPostProcessor ADMIN = withRole("admin",
			ResourceServerSecurityAutoConfiguration.ADMIN_ROLE);

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private CouponPolicyService policies;

	private MvcTestResult create(RequestPostProcessor caller, String body) {
		return this.mvc.post()
			.uri("/api/coupons")
			.with(caller)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private MvcTestResult changeStatus(RequestPostProcessor caller, String couponId, String status) {
		return this.mvc.patch()
			.uri("/api/coupons/{couponId}/status", couponId)
			.with(caller)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"status\":\"" + status + "\"}")
			.exchange();
	}

	private MvcTestResult list(String query) {
		return this.mvc.get().uri("/api/coupons?" + query).with(user("someone")).exchange();
	}

	@Test
	void rejectsBadInputNamingTheFieldBeforeTheService() {
		assertValidationFailed(create(ADMIN, "{\"name\":\"x\"}"), "discountType");
		assertValidationFailed(create(ADMIN, VALID.replace("\"FIXED\"", "\"BOGUS\"")), "discountType");
		assertValidationFailed(create(ADMIN, VALID.replace("\"discountValue\":1000", "\"discountValue\":-5")),
				"discountValue");
		assertValidationFailed(create(ADMIN, VALID.replace("\"totalQuantity\":10", "\"totalQuantity\":0")),
				"totalQuantity");
		assertValidationFailed(create(ADMIN, VALID.replace("\"totalQuantity\":10", "\"totalQuantity\":\"ten\"")),
				"totalQuantity");
		assertValidationFailed(create(ADMIN, "not json"), "body");

		then(this.policies).shouldHaveNoInteractions();
	}

	@Test
	void answersARuleTheServiceFindsBrokenAsBadInputNamingTheField() {
		given(this.policies.create(any()))
			.willThrow(new InvalidFieldException("perUserLimit", "must not exceed totalQuantity"));

		assertValidationFailed(create(ADMIN, VALID), "perUserLimit");
		then(this.policies).should()
			.create(argThat((request) -> request.totalQuantity() == 10 && request.perUserLimit() == 1));
	}

	@Test
	void refusesPagesOutOfBoundsNamingTheParameter() {
		assertValidationFailed(list("size=1000"), "size");
		assertValidationFailed(list("page=21474837&size=100"), "page");
		assertValidationFailed(list("page=2147483647"), "page");
		assertValidationFailed(list("page=10001&size=1"), "page");

		then(this.policies).shouldHaveNoInteractions();
	}

	@Test
	void asksTheServiceForTheDeepestAllowedPageNewestFirst() {
		given(this.policies.list(any()))
			.willAnswer((invocation) -> Page.empty(invocation.getArgument(0, Pageable.class)));

		assertThat(list("page=10000&size=100")).hasStatusOk()
			.bodyJson()
			.extractingPath("$.content")
			.asArray()
			.isEmpty();
		then(this.policies).should().list(PageRequest.of(10_000, 100, Sort.by(Sort.Direction.DESC, "id")));
	}

	@Test
	void answersAnUnknownCouponWithTheServicesNotFound() {
		given(this.policies.get(987654321L)).willThrow(CouponPolicyService.notFound(987654321L));
		given(this.policies.changeStatus(987654321L, CouponStatus.PAUSED))
			.willThrow(CouponPolicyService.notFound(987654321L));

		assertProblem(this.mvc.get().uri("/api/coupons/987654321").with(user("someone")).exchange(),
				HttpStatus.NOT_FOUND, "COUPON_NOT_FOUND");
		assertProblem(changeStatus(ADMIN, "987654321", "PAUSED"), HttpStatus.NOT_FOUND, "COUPON_NOT_FOUND");
	}

	@Test
	void refusesANonNumericIdAndAnUnknownStatusNamingThem() {
		assertValidationFailed(this.mvc.get().uri("/api/coupons/abc").with(user("someone")).exchange(), "couponId");
		assertValidationFailed(changeStatus(ADMIN, "1", "GONE"), "status");

		then(this.policies).shouldHaveNoInteractions();
	}

	@Test
	void onlyAdminsWithATokenCreateOrSwitchEvenWithABadBody() {
		assertProblem(create((request) -> request, VALID), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		assertProblem(create(user("someone"), VALID), HttpStatus.FORBIDDEN, "FORBIDDEN");
		assertProblem(create(user("someone"), "not json"), HttpStatus.FORBIDDEN, "FORBIDDEN");
		assertProblem(changeStatus(user("someone"), "1", "PAUSED"), HttpStatus.FORBIDDEN, "FORBIDDEN");
		assertProblem(this.mvc.get().uri("/api/coupons/1").exchange(), HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		assertProblem(this.mvc.get().uri("/api/coupons/1").header("Authorization", "Bearer not.a.jwt").exchange(),
				HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");

		then(this.policies).shouldHaveNoInteractions();
	}

}
