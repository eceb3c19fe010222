package com.example.promo.coupon;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.example.promo.coupon.support.IntegrationTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Request bodies are capped ({@code promo.web.max-body-bytes}, 16 KiB by default): a
 * larger one, declared or streamed, is bad input naming {@code body}, and nothing is
 * written.
 */
class RequestBodyLimitTests extends IntegrationTestSupport {

	private static final int CAP = 16 * 1024;

	@Test
	void refusesADeclaredContentLengthOverTheCapNamingTheBody() {
		String name = "cap-declared-" + System.nanoTime();

		Response response = call("POST", "/api/coupons", "admin", couponNamed(name, CAP + 1));

		assertValidationFailed(response, "body");
		assertThat(couponsNamed(name)).isZero();
	}

	@Test
	void refusesAChunkedBodyThatGrowsOverTheCapNamingTheBody() {
		String name = "cap-chunked-" + System.nanoTime();

		Response response = send(chunked("/api/coupons", couponNamed(name, CAP + 1)));

		assertValidationFailed(response, "body");
		assertThat(couponsNamed(name)).isZero();
	}

	@Test
	void takesABodyWithinTheCapDeclaredOrChunked() {
		String declared = "cap-ok-declared-" + System.nanoTime();
		String streamed = "cap-ok-chunked-" + System.nanoTime();

		assertThat(call("POST", "/api/coupons", "admin", couponNamed(declared, CAP - 1000)).status()).isEqualTo(201);
		assertThat(send(chunked("/api/coupons", couponNamed(streamed, CAP - 1000))).status()).isEqualTo(201);
		assertThat(couponsNamed(declared)).isOne();
		assertThat(couponsNamed(streamed)).isOne();
	}

	@Test
	void refusesAnAnonymousCallerBeforeLookingAtTheBody() {
		assertThat(call("POST", "/api/coupons", null, couponNamed("cap-anonymous", CAP + 1)).status()).isEqualTo(401);
	}

	/** A valid coupon body, padded with blanks to {@code bytes} bytes. */
	private static String couponNamed(String name, int bytes) {
		String json = couponJson(5, 1, Instant.now().minusSeconds(60), Instant.now().plus(Duration.ofDays(1)))
			.replace("Test coupon", name);
		return json + " ".repeat(bytes - json.length());
	}

	private HttpRequest chunked(String path, String body) {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.version(HttpClient.Version.HTTP_1_1)
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + token("admin", "ADMIN"))
			// No known length: the client sends it with Transfer-Encoding: chunked.
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
			.build();
	}

	private int couponsNamed(String name) {
		return this.jdbc.queryForObject("select count(*) from coupon_policy where name = ?", Integer.class, name);
	}

}
