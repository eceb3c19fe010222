package com.example.promo.coupon.redeem.web;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ProblemDetailsAutoConfiguration;
import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;
import com.example.promo.coupon.CouponErrorCode;
import com.example.promo.coupon.redeem.RedeemRequest;
import com.example.promo.coupon.redeem.Redemption;
import com.example.promo.coupon.redeem.RedemptionService;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static com.example.promo.coupon.support.WebSlices.assertOnlyFieldInvalid;
import static com.example.promo.coupon.support.WebSlices.assertProblem;
import static com.example.promo.coupon.support.WebSlices.assertValidationFailed;
import static com.example.promo.coupon.support.WebSlices.user;
import static com.example.promo.coupon.support.WebSlices.withRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.Mockito.times;

/**
 * The redemption endpoints' web layer with the service mocked: bad input is a 400 naming
 * the field before the service is called, the service's refusals keep their status and
 * code, the caller is the token's subject, and only a service or an admin may undo a
 * redemption ({@link RedemptionEndpoints}), refused before the body is looked at.
 */
@WebMvcTest(RedemptionController.class)
@Import(RedemptionEndpoints.class)
@ActiveProfiles({ "local", "test" })
@ImportAutoConfiguration({ ProblemDetailsAutoConfiguration.class, ResourceServerSecurityAutoConfiguration.class })
class RedemptionControllerTests {

	private static final RequestPostProcessor SERVICE = withRole("timesale-service",
			ResourceServerSecurityAutoConfiguration.SERVICE_ROLE);

	private static final RequestPostProcessor ADMIN = withRole("ops",
			ResourceServerSecurityAutoConfiguration.ADMIN_ROLE);

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private RedemptionService redemptions;

	private MvcTestResult post(String action, RequestPostProcessor caller, String body) {
		return this.mvc.post()
			.uri("/api/coupons/issued/7/" + action)
			.with(caller)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private MvcTestResult redeem(String body) {
		return post("redeem", user("shopper"), body);
	}

	@Test
	void rejectsBadRedemptionInputNamingTheFieldBeforeTheService() {
		assertOnlyFieldInvalid(redeem("{\"orderId\":\"x\"}"), "orderAmount");
		assertOnlyFieldInvalid(redeem("{\"orderId\":\"x\",\"orderAmount\":-1}"), "orderAmount");
		assertOnlyFieldInvalid(redeem("{\"orderId\":\"has space\",\"orderAmount\":20000}"), "orderId");
		assertValidationFailed(redeem("{\"orderId\":\"huge\",\"orderAmount\":1000000000001}"), "orderAmount");
		assertValidationFailed(redeem("{\"orderId\":\"huge\",\"orderAmount\":9223372036854775807}"), "orderAmount");

		then(this.redemptions).shouldHaveNoInteractions();
	}

	@Test
	void redeemsForTheTokensSubjectUpToTheLargestOrderAmount() {
		RedeemRequest largest = new RedeemRequest("largest", RedeemRequest.MAX_ORDER_AMOUNT);
		given(this.redemptions.redeem(7L, "shopper", largest)).willReturn(new Redemption(7L, 1L, "largest",
				RedeemRequest.MAX_ORDER_AMOUNT, 3000L, RedeemRequest.MAX_ORDER_AMOUNT - 3000L, Instant.now()));

		MvcTestResult result = redeem("{\"orderId\":\"largest\",\"orderAmount\":1000000000000}");

		assertThat(result).hasStatusOk().bodyJson().extractingPath("$.discountAmount").asNumber().isEqualTo(3000);
		then(this.redemptions).should().redeem(7L, "shopper", largest);
	}

	@Test
	void answersTheServicesRefusalsWithTheirStatusAndCode() {
		for (CouponErrorCode code : new CouponErrorCode[] { CouponErrorCode.ISSUED_COUPON_NOT_FOUND,
				CouponErrorCode.COUPON_ALREADY_USED, CouponErrorCode.COUPON_EXPIRED,
				CouponErrorCode.MIN_ORDER_AMOUNT_NOT_MET }) {
			given(this.redemptions.redeem(eq(7L), eq("shopper"), any()))
				.willThrow(new DomainException(code, "Refused: " + code + "."));

			assertProblem(redeem("{\"orderId\":\"o-1\",\"orderAmount\":20000}"), code.status(), code.name());
		}
	}

	@Test
	void refusesAnonymousCallers() {
		assertProblem(post("redeem", (request) -> request, "{\"orderId\":\"o-1\",\"orderAmount\":20000}"),
				HttpStatus.UNAUTHORIZED, "UNAUTHORIZED");
		assertProblem(post("cancel-redemption", (request) -> request, "{\"orderId\":\"o-1\"}"), HttpStatus.UNAUTHORIZED,
				"UNAUTHORIZED");

		then(this.redemptions).shouldHaveNoInteractions();
	}

	@Test
	void aUserMayNotUndoARedemptionEvenWithABadBody() {
		assertProblem(post("cancel-redemption", user("shopper"), "{\"orderId\":\"o-1\"}"), HttpStatus.FORBIDDEN,
				"FORBIDDEN");
		assertProblem(post("cancel-redemption", user("shopper"), "{}"), HttpStatus.FORBIDDEN, "FORBIDDEN");

		then(this.redemptions).shouldHaveNoInteractions();
	}

	@Test
	void rejectsAMissingOrMalformedOrderIdToUndoNamingIt() {
		assertOnlyFieldInvalid(post("cancel-redemption", SERVICE, "{}"), "orderId");
		assertOnlyFieldInvalid(post("cancel-redemption", SERVICE, "{\"orderId\":\"has space\"}"), "orderId");

		then(this.redemptions).shouldHaveNoInteractions();
	}

	@Test
	void aServiceOrAnAdminReachesTheServiceWhoseRefusalsKeepTheirCodes() {
		given(this.redemptions.cancel(eq(7L), anyString()))
			.willThrow(new DomainException(CouponErrorCode.ORDER_MISMATCH, "Redeemed for another order."));

		assertProblem(post("cancel-redemption", SERVICE, "{\"orderId\":\"order-2\"}"), HttpStatus.CONFLICT,
				"ORDER_MISMATCH");
		assertProblem(post("cancel-redemption", ADMIN, "{\"orderId\":\"order-2\"}"), HttpStatus.CONFLICT,
				"ORDER_MISMATCH");
		then(this.redemptions).should(times(2)).cancel(7L, "order-2");

		given(this.redemptions.cancel(eq(7L), anyString()))
			.willThrow(new DomainException(CouponErrorCode.ISSUED_COUPON_NOT_FOUND, "No issued coupon 7."));
		assertProblem(post("cancel-redemption", SERVICE, "{\"orderId\":\"order-1\"}"), HttpStatus.NOT_FOUND,
				"ISSUED_COUPON_NOT_FOUND");
	}

}
