package com.example.promo.point.use.web;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.example.promo.common.error.DomainException;
import com.example.promo.common.error.ProblemDetailsAutoConfiguration;
import com.example.promo.common.issuing.IssueRefusedException;
import com.example.promo.common.issuing.IssueStrategy;
import com.example.promo.common.issuing.IssueStrategyConverter;
import com.example.promo.common.security.ResourceServerSecurityAutoConfiguration;
import com.example.promo.point.PointErrorCode;
import com.example.promo.point.ledger.LotTake;
import com.example.promo.point.use.PointUse;
import com.example.promo.point.use.PointUseService;
import com.example.promo.point.use.UseCancelService;
import com.example.promo.point.use.UseResult;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

/**
 * The use endpoints' web layer with the services mocked: bad input is a 400 naming the
 * field before any service is called, the caller is the token's subject, refusals keep
 * their code and the {@code X-Strategy} of what refused them, and only a service or an
 * admin may cancel a use, refused before the body is looked at.
 */
@WebMvcTest(PointUseController.class)
@Import(IssueStrategyConverter.class)
@ActiveProfiles({ "local", "test" })
@ImportAutoConfiguration({ ProblemDetailsAutoConfiguration.class, ResourceServerSecurityAutoConfiguration.class })
class PointUseControllerTests {

	private static final RequestPostProcessor SHOPPER = jwt().jwt((token) -> token.subject("shopper"))
		.authorities(List.of());

	private static final RequestPostProcessor SERVICE = jwt()
		.jwt((token) -> token.subject("timesale-service").claim("roles", List.of("SERVICE")))
		.authorities(new SimpleGrantedAuthority("ROLE_SERVICE"));

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private PointUseService uses;

	@MockitoBean
	private UseCancelService cancels;

	@Test
	void rejectsBadUsesNamingTheFieldBeforeTheService() {
		assertInvalid(use("v2", "{\"amount\":1}"), "orderId");
		assertInvalid(use("v2", "{\"orderId\":\"\",\"amount\":1}"), "orderId");
		assertInvalid(use("v2", "{\"orderId\":\"" + "o".repeat(65) + "\",\"amount\":1}"), "orderId");
		assertInvalid(use("v2", "{\"orderId\":\"o\"}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":0}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":1000000001}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":\"x\"}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":1.5}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":1e3}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":99999999999999999999}"), "amount");
		assertInvalid(use("v2", "{\"orderId\":\"o\",\"amount\":true}"), "amount");
		assertInvalid(use("v4", "{\"orderId\":\"o\",\"amount\":1}"), "strategy");

		then(this.uses).shouldHaveNoInteractions();
	}

	@Test
	void answersAUseOfTheTokensSubjectWithTheStrategyThatServedIt() {
		PointUse use = new PointUse(9, "shopper", "o-1", 1_000_000_000, "r", IssueStrategy.V1, PointUse.USED, 5,
				Instant.now(), null, List.of(new LotTake(3, 1_000_000_000)));
		given(this.uses.use("shopper", "o-1", 1_000_000_000, IssueStrategy.V2))
			.willReturn(new UseResult.Used(use, IssueStrategy.V1));

		MvcTestResult result = use("v2", "{\"orderId\":\"o-1\",\"amount\":1000000000}");

		assertThat(result).hasStatus(HttpStatus.CREATED).hasHeader("X-Strategy", "v1");
		assertThat(result).bodyJson()
			.isLenientlyEqualTo(
					"""
							{"useId":9,"orderId":"o-1","amount":1000000000,"balanceAfter":5,"lots":[{"lotId":3,"amount":1000000000}]}""");
	}

	@Test
	void answersAQueuedUseWithWhereToPoll() {
		given(this.uses.use("shopper", "o-1", 10, IssueStrategy.V3))
			.willReturn(new UseResult.Queued("3f1c0b1e-0000-3000-8000-000000000001", IssueStrategy.V3));

		MvcTestResult result = use("v3", "{\"orderId\":\"o-1\",\"amount\":10}");

		assertThat(result).hasStatus(HttpStatus.ACCEPTED)
			.hasHeader("X-Strategy", "v3")
			.hasHeader("Location", "/api/points/requests/3f1c0b1e-0000-3000-8000-000000000001");
		assertThat(result).bodyJson().isLenientlyEqualTo("""
				{"requestId":"3f1c0b1e-0000-3000-8000-000000000001","status":"PENDING"}""");
	}

	@Test
	void answersRefusalsWithTheirCodeAndStrategy() {
		given(this.uses.use(eq("shopper"), eq("o-1"), anyLong(), eq(IssueStrategy.V2)))
			.willThrow(new IssueRefusedException(new DomainException(PointErrorCode.INSUFFICIENT_POINTS, "Not enough."),
					IssueStrategy.V2));

		MvcTestResult result = use("v2", "{\"orderId\":\"o-1\",\"amount\":10}");

		assertProblem(result, HttpStatus.CONFLICT, "INSUFFICIENT_POINTS");
		assertThat(result).hasHeader("X-Strategy", "v2");
	}

	@Test
	void aUserMayNotCancelAUseEvenWithABadBody() {
		assertProblem(cancel(SHOPPER, "o-1", "{\"userId\":\"shopper\"}"), HttpStatus.FORBIDDEN, "FORBIDDEN");
		assertProblem(cancel(SHOPPER, "o-1", "{}"), HttpStatus.FORBIDDEN, "FORBIDDEN");

		then(this.cancels).shouldHaveNoInteractions();
	}

	@Test
	void rejectsBadCancelsNamingTheFieldBeforeTheService() {
		assertInvalid(cancel(SERVICE, "o-1", "{}"), "userId");
		assertInvalid(cancel(SERVICE, "o-1", "{\"userId\":\" \"}"), "userId");
		assertInvalid(cancel(SERVICE, "o".repeat(65), "{\"userId\":\"u\"}"), "orderId");

		then(this.cancels).shouldHaveNoInteractions();
	}

	@Test
	void cancelsForTheNamedUserAndAnswersAnUnknownUseNotFound() {
		given(this.cancels.cancel("u-1", "o-1", "timesale-service"))
			.willReturn(Optional.of(new UseCancelService.Cancelled("o-1", 30, 130)));
		given(this.cancels.cancel(eq("u-1"), eq("o-2"), anyString())).willReturn(Optional.empty());

		MvcTestResult cancelled = cancel(SERVICE, "o-1", "{\"userId\":\"u-1\"}");

		assertThat(cancelled).hasStatusOk();
		assertThat(cancelled).bodyJson().isLenientlyEqualTo("""
				{"orderId":"o-1","restored":30,"balanceAfter":130}""");
		assertProblem(cancel(SERVICE, "o-2", "{\"userId\":\"u-1\"}"), HttpStatus.NOT_FOUND, "USE_NOT_FOUND");
	}

	private MvcTestResult use(String strategy, String body) {
		return this.mvc.post()
			.uri("/api/points/use?strategy=" + strategy)
			.with(SHOPPER)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private MvcTestResult cancel(RequestPostProcessor caller, String orderId, String body) {
		return this.mvc.post()
			.uri("/api/points/uses/" + orderId + "/cancel")
			.with(caller)
			.contentType(MediaType.APPLICATION_JSON)
			.content(body)
			.exchange();
	}

	private static void assertProblem(MvcTestResult result, HttpStatus status, String code) {
		assertThat(result).hasStatus(status).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(result).bodyJson().extractingPath("$.code").isEqualTo(code);
	}

	private static void assertInvalid(MvcTestResult result, String field) {
		assertProblem(result, HttpStatus.BAD_REQUEST, "VALIDATION_FAILED");
		assertThat(result).bodyJson().extractingPath("$.errors[*].field").asArray().contains(field);
	}

}
