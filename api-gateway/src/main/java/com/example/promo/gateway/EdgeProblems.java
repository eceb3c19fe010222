package com.example.promo.gateway;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/**
 * Writes the gateway's own refusals as RFC 9457 problems, shaped as the services' are:
 * {@code {type: "about:blank", title, status, detail, code}} with
 * {@code Content-Type: application/problem+json}.
 */
public final class EdgeProblems {

	private EdgeProblems() {
	}

	/**
	 * Sets the status and content type and writes the problem as the whole body.
	 * @param response the response, not yet committed
	 * @param status the HTTP status
	 * @param code the machine-readable {@code code}, e.g. {@code UNAUTHORIZED}
	 * @param detail a sentence for people
	 * @return completes when written
	 */
	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String code, String detail) {
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		DataBuffer body = response.bufferFactory().wrap(json(status, code, detail).getBytes(StandardCharsets.UTF_8));
		return response.writeWith(Mono.just(body));
	}

	/**
	 * @param status the HTTP status
	 * @param code the {@code code} member
	 * @param detail the {@code detail} member (plain text, quoted here)
	 * @return the problem as JSON
	 */
	static String json(HttpStatus status, String code, String detail) {
		return "{\"type\":\"about:blank\",\"title\":" + quote(status.getReasonPhrase()) + ",\"status\":"
				+ status.value() + ",\"detail\":" + quote(detail) + ",\"code\":" + quote(code) + "}";
	}

	private static String quote(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> quoted.append("\\\"");
				case '\\' -> quoted.append("\\\\");
				default -> {
					if (c < 0x20) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('"').toString();
	}

}
