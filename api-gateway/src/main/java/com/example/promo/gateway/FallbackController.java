package com.example.promo.gateway;

import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.example.promo.gateway.balancing.RefusedInstances;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * Where a route's circuit breaker forwards when the service is down, slow or its circuit
 * is open: an RFC 9457 problem that says what is known about the request.
 * <ul>
 * <li>the time limit passed ({@code resilience4j.timelimiter}): {@code 504
 * UPSTREAM_TIMEOUT}; the service may have done it, so the outcome is unknown — retry with
 * the same {@code Idempotency-Key};</li>
 * <li>the circuit is open, or the service could not even be connected to: {@code 503
 * SERVICE_UNAVAILABLE}, nothing was done;</li>
 * <li>anything else (the connection broke mid-request): {@code 503 SERVICE_UNAVAILABLE},
 * outcome unknown.</li>
 * </ul>
 */
@RestController
class FallbackController {

	private static final Logger log = LoggerFactory.getLogger(FallbackController.class);

	@RequestMapping("/fallback/{service}")
	ResponseEntity<ProblemDetail> fallback(@PathVariable String service, ServerWebExchange exchange) {
		Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
		log.warn("{} unavailable for {}: {}", service, exchange.getRequest().getPath(),
				(cause != null) ? cause.toString() : "circuit open");
		ProblemDetail problem;
		if (cause instanceof TimeoutException) {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.GATEWAY_TIMEOUT, service
					+ " did not answer in time; the outcome is unknown. Retry with the same Idempotency-Key to learn"
					+ " it without doing it twice.");
			problem.setTitle("Upstream timeout");
			problem.setProperty("code", "UPSTREAM_TIMEOUT");
		}
		else {
			problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
					notForwarded(cause)
							? service + " is not answering; the request was not delivered and nothing was"
									+ " done. Retry shortly."
							: service + " failed while handling the request; the outcome is unknown. Retry with the"
									+ " same Idempotency-Key.");
			problem.setTitle("Service unavailable");
			problem.setProperty("code", "SERVICE_UNAVAILABLE");
		}
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** Whether the request surely never reached the service. */
	private static boolean notForwarded(Throwable cause) {
		for (Throwable t = cause; t != null; t = (t.getCause() != t) ? t.getCause() : null) {
			if (t instanceof CallNotPermittedException) {
				return true;
			}
		}
		return cause == null || RefusedInstances.refusedConnection(cause);
	}

}
