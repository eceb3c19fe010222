package com.example.promo.common.security;

import java.util.List;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

import com.example.promo.common.security.service.ServiceTokenMinter;
import com.example.promo.common.security.service.ServiceTokensAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static com.example.promo.common.security.TestResourceServer.claims;
import static com.example.promo.common.security.TestResourceServer.hs256;
import static org.assertj.core.api.Assertions.assertThat;

class HmacTokenVerificationTests {

	@Test
	void acceptsAValidTokenAndAnswersItsSubject() {
		TestResourceServer.hmac().run((context) -> {
			MockMvcTester mvc = TestResourceServer.mvc(context);
			assertThat(mvc.get().uri("/me").header("Authorization", "Bearer " + hs256(claims("alice")))).hasStatusOk()
				.hasBodyTextEqualTo("alice");
		});
	}

	@Test
	void refusesATokenWithoutExpiry() {
		TestResourceServer.hmac().run((context) -> {
			JWTClaimsSet.Builder noExpiry = claims("alice").expirationTime(null);
			assertThat(TestResourceServer.mvc(context)
				.get()
				.uri("/me")
				.header("Authorization", "Bearer " + hs256(noExpiry))).hasStatus(401)
				.bodyJson()
				.extractingPath("$.code")
				.isEqualTo("UNAUTHORIZED");
		});
	}

	@Test
	void refusesATokenOfAnotherIssuerOrWithoutOne() {
		TestResourceServer.hmac().run((context) -> {
			MockMvcTester mvc = TestResourceServer.mvc(context);
			assertThat(mvc.get().uri("/me").header("Authorization", "Bearer " + hs256(claims("alice").issuer("evil"))))
				.hasStatus(401);
			assertThat(mvc.get().uri("/me").header("Authorization", "Bearer " + hs256(claims("alice").issuer(null))))
				.hasStatus(401);
		});
	}

	@Test
	void checksTheAudienceWhenAudiencesAreConfigured() {
		TestResourceServer.hmac()
			.withPropertyValues("spring.security.oauth2.resourceserver.jwt.audiences=coupon-service")
			.run((context) -> {
				MockMvcTester mvc = TestResourceServer.mvc(context);
				assertThat(mvc.get().uri("/me").header("Authorization", "Bearer " + hs256(claims("alice"))))
					.hasStatus(401);
				assertThat(mvc.get()
					.uri("/me")
					.header("Authorization", "Bearer " + hs256(claims("alice").audience(List.of("point-service")))))
					.hasStatus(401);
				assertThat(mvc.get()
					.uri("/me")
					.header("Authorization", "Bearer " + hs256(claims("alice").audience(List.of("coupon-service")))))
					.hasStatusOk();
			});
	}

	@Test
	void letsOnlyTheNamedRolesCallPrivilegedEndpoints() {
		TestResourceServer.hmac()
			.withPropertyValues("promo.security.trusted-services=timesale-service")
			.run((context) -> {
				MockMvcTester mvc = TestResourceServer.mvc(context);
				String user = "Bearer " + hs256(claims("alice"));
				String admin = "Bearer " + hs256(claims("root", "ADMIN"));
				String service = "Bearer " + hs256(claims("timesale-service", "SERVICE"));
				String impostor = "Bearer " + hs256(claims("alice", "SERVICE"));
				assertThat(mvc.post().uri("/admin").header("Authorization", user)).hasStatus(403)
					.bodyJson()
					.extractingPath("$.code")
					.isEqualTo("FORBIDDEN");
				assertThat(mvc.post().uri("/admin").header("Authorization", service)).hasStatus(403);
				assertThat(mvc.post().uri("/admin").header("Authorization", admin)).hasStatusOk();
				assertThat(mvc.post().uri("/compensate").header("Authorization", user)).hasStatus(403);
				assertThat(mvc.post().uri("/compensate").header("Authorization", impostor)).hasStatus(403);
				assertThat(mvc.post().uri("/compensate").header("Authorization", service)).hasStatusOk()
					.hasBodyTextEqualTo("timesale-service");
				assertThat(mvc.post().uri("/compensate").header("Authorization", admin)).hasStatusOk();
			});
	}

	@Test
	void acceptsTheServiceTokensItsMinterMints() {
		TestResourceServer.hmac()
			.withConfiguration(AutoConfigurations.of(ServiceTokensAutoConfiguration.class))
			.withPropertyValues("spring.application.name=coupon-service",
					"promo.security.trusted-services=timesale-service")
			.run((context) -> {
				ServiceTokenMinter minter = context.getBean(ServiceTokenMinter.class);
				MockMvcTester mvc = TestResourceServer.mvc(context);
				assertThat(mvc.post()
					.uri("/compensate")
					.header("Authorization", "Bearer " + minter.mint("timesale-service"))).hasStatusOk();
				assertThat(mvc.post().uri("/compensate").header("Authorization", "Bearer " + minter.mint("intruder")))
					.hasStatus(403);
			});
	}

}
