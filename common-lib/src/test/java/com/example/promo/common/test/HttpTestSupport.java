package com.example.promo.common.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP side of every service's integration tests (each service's
 * {@code IntegrationTestSupport} extends it with its Spring Boot test setup): real HTTP
 * calls to the service on its random port with JWTs signed by the local issuer
 * ({@code promo.security.jwt.hmac-secret}, the {@code local} profile), and the problem
 * assertions every API test shares.
 */
public abstract class HttpTestSupport {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected JsonMapper json;

	@Value("${promo.security.jwt.hmac-secret}")
	private String secret;

	@Value("${promo.security.jwt.issuer}")
	private String issuer;

	/**
	 * @param userId JWT subject
	 * @param roles roles claim
	 * @return a signed bearer token, from the local issuer, valid for 10 minutes
	 */
	protected String token(String userId, String... roles) {
		try {
			JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(userId)
				.issuer(this.issuer)
				.claim("roles", List.of(roles))
				.issueTime(new Date())
				.expirationTime(Date.from(Instant.now().plusSeconds(600)))
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
			jwt.sign(new MACSigner(this.secret.getBytes(StandardCharsets.UTF_8)));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Sends a request with a bearer token for the user (no token if {@code userId} is
	 * null).
	 * @param method HTTP method
	 * @param path path and query
	 * @param userId the caller, or null
	 * @param body JSON body, or null
	 * @param headers extra header name/value pairs
	 * @return the response
	 */
	protected Response call(String method, String path, String userId, String body, String... headers) {
		String bearer = (userId == null) ? null : userId.equals("admin") ? token("admin", "ADMIN") : token(userId);
		return callWithToken(method, path, bearer, body, headers);
	}

	/**
	 * Sends a request with the given bearer token (none if null).
	 * @param method HTTP method
	 * @param path path and query
	 * @param bearer the token, or null
	 * @param body JSON body, or null
	 * @param headers extra header name/value pairs
	 * @return the response
	 */
	protected Response callWithToken(String method, String path, String bearer, String body, String... headers) {
		return call(this.port, method, path, bearer, body, headers);
	}

	/**
	 * An anonymous GET on the management port ({@code management.server.port}).
	 * @param path path and query
	 * @return the response
	 */
	protected Response callManagement(String path) {
		return call(this.managementPort, "GET", path, null, null);
	}

	private Response call(int port, String method, String path, String bearer, String body, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.timeout(Duration.ofSeconds(60))
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		return send(request.build());
	}

	/**
	 * Sends a request built by the test itself (e.g. with a streamed, chunked body).
	 * @param request the request
	 * @return the response
	 */
	protected Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().map(), response.body(), this.json);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Asserts a {@code 400 VALIDATION_FAILED} problem that names the field.
	 * @param response the response
	 * @param field the field the problem must name
	 */
	protected static void assertValidationFailed(Response response, String field) {
		assertThat(response.status()).as(response.body()).isEqualTo(400);
		assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
		assertThat(response.json().get("errors").findValuesAsString("field")).as(response.body()).contains(field);
	}

	/**
	 * An HTTP response.
	 *
	 * @param status status code
	 * @param headers response headers
	 * @param body body text
	 * @param mapper JSON mapper
	 */
	public record Response(int status, Map<String, List<String>> headers, String body, JsonMapper mapper) {

		/**
		 * @return the body as JSON
		 */
		public JsonNode json() {
			return this.mapper.readTree(this.body);
		}

		/**
		 * @param name header name, any case
		 * @return its first value, or null
		 */
		public String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().equalsIgnoreCase(name))
				.map((entry) -> entry.getValue().get(0))
				.findFirst()
				.orElse(null);
		}

		/**
		 * @return the problem's {@code code}, or null
		 */
		public String code() {
			JsonNode code = json().get("code");
			return (code != null) ? code.asString() : null;
		}

	}

}
