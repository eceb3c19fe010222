package com.example.promo.gateway;

import com.example.promo.common.error.ProblemBody;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

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
		DataBuffer body = response.bufferFactory().wrap(json(status, code, detail));
		return response.writeWith(Mono.just(body));
	}

	/**
	 * @param status the HTTP status
	 * @param code the {@code code} member
	 * @param detail the {@code detail} member
	 * @return the problem as JSON (UTF-8), members in the services' order
	 */
	static byte[] json(HttpStatus status, String code, String detail) {
		return JsonMapper.shared().writeValueAsBytes(ProblemBody.of(status, code, detail));
	}

}
