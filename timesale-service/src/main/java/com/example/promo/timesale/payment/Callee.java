package com.example.promo.timesale.payment;

import java.net.http.HttpClient;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.example.promo.common.security.service.ServiceTokens;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One remote service of the pay saga (coupon-service or point-service): a
 * {@link RestClient} relaying the buyer's token, one calling as timesale-service (its
 * service token, {@link ServiceTokens}), both with connect and read timeouts, and every
 * call through the Resilience4j instances named after the callee ({@code couponService},
 * {@code pointService}): a retry (I/O errors and 5xx only; every call the saga makes is
 * idempotent per orderId) inside a circuit breaker. A 4xx becomes
 * {@link CalleeRefusedException}, anything else that fails
 * {@link CalleeUnavailableException}.
 */
final class Callee {

	private final String name;

	private final RestClient asBuyer;

	private final RestClient asService;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final JsonMapper json;

	Callee(String name, String baseUrl, ServiceTokens serviceTokens, PaymentProperties properties,
			CircuitBreakerRegistry breakers, RetryRegistry retries, JsonMapper json) {
		this.name = name;
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.connectTimeout())
			.build();
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
		requests.setReadTimeout(properties.readTimeout());
		this.asBuyer = RestClient.builder().baseUrl(baseUrl).requestFactory(requests).build();
		this.asService = RestClient.builder()
			.baseUrl(baseUrl)
			.requestFactory(requests)
			.apply(serviceTokens::authenticate)
			.build();
		this.circuitBreaker = breakers.circuitBreaker(name);
		this.retry = retries.retry(name);
		this.json = json;
	}

	/**
	 * @return the client relaying the buyer's {@code Authorization} (set per request)
	 */
	RestClient asBuyer() {
		return this.asBuyer;
	}

	/**
	 * @return the client calling as timesale-service
	 */
	RestClient asService() {
		return this.asService;
	}

	/**
	 * Runs one call through the retry and the circuit breaker.
	 * @param <T> the answer's type
	 * @param call the HTTP exchange
	 * @return its answer
	 * @throws CalleeRefusedException on a 4xx (with the callee's problem code)
	 * @throws CalleeUnavailableException on anything else that fails
	 */
	<T> T call(Supplier<T> call) {
		Supplier<T> guarded = Retry.decorateSupplier(this.retry,
				CircuitBreaker.decorateSupplier(this.circuitBreaker, call));
		try {
			return guarded.get();
		}
		catch (HttpClientErrorException ex) {
			throw new CalleeRefusedException(this.name, ex.getStatusCode().value(), codeOf(ex), ex.getMessage());
		}
		catch (RestClientException | io.github.resilience4j.circuitbreaker.CallNotPermittedException ex) {
			throw new CalleeUnavailableException(this.name, ex);
		}
	}

	private String codeOf(HttpClientErrorException ex) {
		try {
			JsonNode code = this.json.readTree(ex.getResponseBodyAsString()).get("code");
			if (code != null && code.isString() && !code.asString().isBlank()) {
				return code.asString();
			}
		}
		catch (RuntimeException notJson) {
			// no problem body: fall back to the status
		}
		return "HTTP_" + ex.getStatusCode().value();
	}

}
