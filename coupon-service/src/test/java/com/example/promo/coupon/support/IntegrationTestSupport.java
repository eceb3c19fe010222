package com.example.promo.coupon.support;

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
 * local MariaDB ({@code coupon_db_test}) and Redis (database 1) that
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
		// Gate keys of an earlier run would describe coupons that no longer match the
		// database.
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
	 * Creates an ACTIVE coupon open from a minute ago for a day, through the API.
	 * @param totalQuantity units
	 * @param perUserLimit units per user
	 * @return the coupon id
	 */
	protected long createCoupon(int totalQuantity, int perUserLimit) {
		Response created = call("POST", "/api/coupons", "admin", couponJson(totalQuantity, perUserLimit,
				Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asLong();
	}

	/**
	 * @param totalQuantity units
	 * @param perUserLimit units per user
	 * @param startsAt window start
	 * @param endsAt window end
	 * @return a valid FIXED 1,000 KRW coupon body, 7 valid days
	 */
	protected static String couponJson(int totalQuantity, int perUserLimit, Instant startsAt, Instant endsAt) {
		return """
				{"name":"Test coupon","discountType":"FIXED","discountValue":1000,"minOrderAmount":10000,
				 "totalQuantity":%d,"perUserLimit":%d,"issueStartsAt":"%s","issueEndsAt":"%s","validDays":7}
				""".formatted(totalQuantity, perUserLimit, startsAt, endsAt);
	}

	/**
	 * @param couponId the policy
	 * @return rows in issued_coupon for it
	 */
	protected int issuedRows(long couponId) {
		return this.jdbc.queryForObject("select count(*) from issued_coupon where coupon_id = ?", Integer.class,
				couponId);
	}

	/**
	 * @param couponId the policy
	 * @return coupon_policy.issued_quantity
	 */
	protected int issuedQuantity(long couponId) {
		return this.jdbc.queryForObject("select issued_quantity from coupon_policy where id = ?", Integer.class,
				couponId);
	}

	/**
	 * @param couponId the policy
	 * @return (coupon, user) pairs holding more than one unit
	 */
	protected int duplicatePairs(long couponId) {
		return this.jdbc.queryForObject("select count(*) from (select user_id from issued_coupon where coupon_id = ?"
				+ " group by user_id having count(*) > 1) d", Integer.class, couponId);
	}

	/**
	 * @param requestId a batched (v2, v3) issue request
	 * @return its {@code issue_request} status ({@code ISSUED}, {@code REJECTED}), or
	 * {@code PENDING} while it has none
	 */
	protected String requestStatus(String requestId) {
		List<String> status = this.jdbc.queryForList("select status from issue_request where request_id = ?",
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
