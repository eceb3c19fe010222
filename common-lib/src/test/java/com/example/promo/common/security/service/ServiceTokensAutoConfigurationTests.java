package com.example.promo.common.security.service;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.test.web.client.MockRestServiceServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.header;
import static org.springframework.test.web.client.match.MockRestRequestMatchers.requestTo;
import static org.springframework.test.web.client.response.MockRestResponseCreators.withSuccess;

class ServiceTokensAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(OAuth2ClientAutoConfiguration.class, ServiceTokensAutoConfiguration.class))
		.withPropertyValues("spring.application.name=timesale-service");

	private final List<String> tokenRequests = new CopyOnWriteArrayList<>();

	private HttpServer identityProvider;

	@BeforeEach
	void startIdentityProvider() throws IOException {
		this.identityProvider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.identityProvider.createContext("/token", (exchange) -> {
			this.tokenRequests.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
					+ new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			byte[] body = """
					{"access_token":"idp-token-%d","token_type":"Bearer","expires_in":300,"scope":"promo:service"}
					""".formatted(this.tokenRequests.size()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		});
		this.identityProvider.start();
	}

	@AfterEach
	void stopIdentityProvider() {
		this.identityProvider.stop(0);
	}

	@Test
	void mintsTheServicesOwnTokenWithTheSharedSecret() {
		this.runner
			.withPropertyValues("promo.security.jwt.hmac-secret=test-secret-0123456789abcdef-0123456789",
					"promo.security.jwt.issuer=promo-local")
			.run((context) -> {
				RestClient.Builder builder = RestClient.builder()
					.apply(context.getBean(ServiceTokens.class)::authenticate);
				MockRestServiceServer callee = MockRestServiceServer.bindTo(builder).build();
				List<String> seen = new CopyOnWriteArrayList<>();
				callee.expect(requestTo("http://coupon-service/compensate"))
					.andExpect((request) -> seen.add(request.getHeaders().getFirst("Authorization")))
					.andRespond(withSuccess());

				builder.build().post().uri("http://coupon-service/compensate").retrieve().toBodilessEntity();

				callee.verify();
				assertThat(seen).singleElement().asString().startsWith("Bearer ");
				SignedJWT token = SignedJWT.parse(seen.get(0).substring("Bearer ".length()));
				assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("timesale-service");
				assertThat(token.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("SERVICE");
				assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("promo-local");
				assertThat(token.getJWTClaimsSet().getExpirationTime()).isNotNull();
			});
	}

	@Test
	void getsATokenByClientCredentialsFromTheIdentityProviderAndReusesIt() {
		String registration = "spring.security.oauth2.client.registration.promo-service.";
		this.runner
			.withPropertyValues(registration + "client-id=timesale-service", registration + "client-secret=s3cret",
					registration + "authorization-grant-type=client_credentials", registration + "scope=promo:service",
					"spring.security.oauth2.client.provider.promo-service.token-uri=http://127.0.0.1:"
							+ this.identityProvider.getAddress().getPort() + "/token")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ServiceTokenMinter.class);
				RestClient.Builder builder = RestClient.builder()
					.apply(context.getBean(ServiceTokens.class)::authenticate);
				MockRestServiceServer callee = MockRestServiceServer.bindTo(builder).build();
				for (int i = 0; i < 2; i++) {
					callee.expect(requestTo("http://coupon-service/compensate"))
						.andExpect(header("Authorization", "Bearer idp-token-1"))
						.andRespond(withSuccess());
				}

				RestClient client = builder.build();
				client.post().uri("http://coupon-service/compensate").retrieve().toBodilessEntity();
				client.post().uri("http://coupon-service/compensate").retrieve().toBodilessEntity();

				callee.verify();
				assertThat(this.tokenRequests).singleElement()
					.asString()
					.startsWith("Basic ")
					.contains("grant_type=client_credentials")
					.contains("scope=promo%3Aservice");
			});
	}

	@Test
	void offersNoServiceTokensWithoutASecretOrAClientRegistration() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ServiceTokens.class));
	}

}
