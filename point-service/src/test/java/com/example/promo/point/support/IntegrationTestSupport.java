package com.example.promo.point.support;

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
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.redisson.api.RedissonClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of every integration test: the whole service on a random port against the real
 * local MariaDB ({@code point_db_test}) and Redis (database 4) that
 * {@code scripts/stack.sh} starts, and a real in-process Kafka broker; the {@code local}
 * profile (its passwords and development JWT secret) under the {@code test} one. All
 * subclasses share one Spring context. Gives real HTTP calls with locally signed JWTs and
 * direct SQL for asserting database state.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({ "local", "test" })
@EmbeddedKafka(partitions = 3, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class IntegrationTestSupport {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static volatile boolean redisFlushed;

	@LocalServerPort
	protected int port;

	@LocalManagementPort
	protected int managementPort;

	@Autowired
	protected JdbcTemplate jdbc;

	@Autowired
	protected RedissonClient redisson;

	@Autowired
	protected JsonMapper json;

	@Value("${promo.security.jwt.hmac-secret}")
	private String secret;

	@Value("${promo.security.jwt.issuer}")
	private String issuer;

	@BeforeAll
	static void resetGateOnce(@Autowired RedissonClient redisson) {
		// Gate keys of an earlier run would describe accounts and promotions that no
		// longer match the database.
		if (!redisFlushed) {
			redisson.getKeys().flushdb();
			redisFlushed = true;
		}
	}

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
	 * Grants points to a user through the admin API ({@code POST /api/points/grants}).
	 * @param userId the user
	 * @param amount points
	 * @param validDays days the lot stays valid
	 * @return the new lot's id
	 */
	protected long grant(String userId, long amount, int validDays) {
		Response granted = call("POST", "/api/points/grants", "admin", """
				{"userId":"%s","amount":%d,"reason":"test","sourceId":"%s","validDays":%d}
				""".formatted(userId, amount, UUID.randomUUID(), validDays));
		assertThat(granted.status()).as(granted.body()).isEqualTo(201);
		return granted.json().get("lotId").asLong();
	}

	/**
	 * Asserts the ledger invariants of one account (DESIGN.md §4.2): balance = Σ ledger =
	 * Σ lot remaining ≥ 0, and 0 ≤ remaining ≤ amount for each lot.
	 * @param userId the user
	 * @return the account's balance (Σ ledger)
	 */
	protected long assertLedgerExact(String userId) {
		long ledger = this.jdbc.queryForObject(
				"select coalesce(sum(amount), 0) from point_ledger_entry where user_id = ?", Long.class, userId);
		long lots = this.jdbc.queryForObject("select coalesce(sum(remaining), 0) from point_lot where user_id = ?",
				Long.class, userId);
		List<Long> balance = this.jdbc.queryForList("select balance from point_account where user_id = ?", Long.class,
				userId);
		int badLots = this.jdbc.queryForObject(
				"select count(*) from point_lot where user_id = ? and (remaining < 0 or remaining > amount)",
				Integer.class, userId);
		assertThat(lots).as("Σ lot remaining of " + userId).isEqualTo(ledger);
		assertThat(balance.isEmpty() ? 0L : balance.get(0)).as("balance of " + userId).isEqualTo(ledger);
		assertThat(ledger).as("Σ ledger of " + userId).isGreaterThanOrEqualTo(0);
		assertThat(badLots).as("lots out of bounds").isZero();
		return ledger;
	}

	/**
	 * @param requestId a batched (v2, v3) use or join request
	 * @return its {@code point_request} status ({@code DONE}, {@code REJECTED}), or
	 * {@code PENDING} while it has none
	 */
	protected String requestStatus(String requestId) {
		List<String> status = this.jdbc.queryForList("select status from point_request where request_id = ?",
				String.class, requestId);
		return status.isEmpty() ? "PENDING" : status.get(0);
	}

	/**
	 * An HTTP response.
	 *
	 * @param status status code
	 * @param headers response headers
	 * @param body body text
	 * @param mapper JSON mapper
	 */
	protected record Response(int status, Map<String, List<String>> headers, String body, JsonMapper mapper) {

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
