package com.example.promo.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * An RFC 9457 problem written where no {@code ProblemDetail} handling runs (the services'
 * security filters, the gateway's edge refusals), with the members the
 * {@link ProblemDetailsAdvice} answers carry: {@code type}, {@code title},
 * {@code status}, {@code detail}, {@code code}.
 */
public final class ProblemBody {

	private ProblemBody() {
	}

	/**
	 * @param status the HTTP status
	 * @param code the stable {@code code}, e.g. {@code UNAUTHORIZED}
	 * @param detail a sentence for people
	 * @return the problem's members in order, to serialize as
	 * {@code application/problem+json}
	 */
	public static Map<String, Object> of(HttpStatus status, String code, String detail) {
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", "about:blank");
		problem.put("title", status.getReasonPhrase());
		problem.put("status", status.value());
		problem.put("detail", detail);
		problem.put("code", code);
		return problem;
	}

}
