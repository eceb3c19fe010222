package com.example.promo.gateway.balancing;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.CompletionContext;
import org.springframework.cloud.client.loadbalancer.LoadBalancerLifecycle;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.ResponseData;

/**
 * Instances that refused a connection lately, left out of load balancing for a while
 * (passive outlier ejection, as Envoy's outlier detection on connect failures, with one
 * refusal enough). An instance killed with {@code kill -9} keeps its etcd key until its
 * lease runs out (up to the TTL, 10 s); without this, every request balanced to it in
 * that time would fail. A refused connection (or a host that does not resolve) means
 * nothing reached the instance, so the route's {@code Retry} filter sends the same
 * request to another one, and this list keeps the next requests off the refusing instance
 * at once.
 * <p>
 * Fed by Spring Cloud LoadBalancer's lifecycle callbacks (the gateway's load-balancer
 * filter reports each request's outcome); read by {@link EjectingInstanceListSupplier}.
 * When every instance of a service is ejected, all of them are offered again: trying an
 * instance beats answering 503 without one. Counts ejections in
 * {@code promo_gateway_instance_ejections_total{service}}.
 */
public final class RefusedInstances
		implements LoadBalancerLifecycle<RequestDataContext, ResponseData, ServiceInstance> {

	private static final Logger log = LoggerFactory.getLogger(RefusedInstances.class);

	/**
	 * Ejections ({@code promo_gateway_instance_ejections_total}), tag {@code service},
	 * unitless; at zero for every routed service from the start.
	 */
	public static final String EJECTIONS = "promo.gateway.instance.ejections";

	private final Map<String, Long> ejectedUntil = new ConcurrentHashMap<>();

	private final long ejectForNanos;

	private final MeterRegistry meters;

	/**
	 * @param ejectFor how long an instance that refused a connection is left out (about
	 * the discovery lease's TTL, after which a dead instance has left etcd)
	 * @param meters where ejections are counted
	 * @param services the services routed to, whose ejection counters start at zero
	 */
	public RefusedInstances(Duration ejectFor, MeterRegistry meters, Collection<String> services) {
		this.ejectForNanos = ejectFor.toNanos();
		this.meters = meters;
		services.forEach(this::ejections);
	}

	/**
	 * The instances to balance over.
	 * @param instances a service's instances as discovered
	 * @return those not ejected, or all of them when every one is ejected
	 */
	public List<ServiceInstance> available(List<ServiceInstance> instances) {
		if (this.ejectedUntil.isEmpty()) {
			return instances;
		}
		long now = System.nanoTime();
		// Expired ejections go here, also those of instances no longer discovered:
		// left in, they would keep the fast path above from ever applying again.
		this.ejectedUntil.values().removeIf((until) -> now - until >= 0);
		if (this.ejectedUntil.isEmpty()) {
			return instances;
		}
		List<ServiceInstance> available = instances.stream().filter((instance) -> !ejected(instance, now)).toList();
		return available.isEmpty() ? instances : available;
	}

	/**
	 * Leaves an instance out of balancing for the ejection time.
	 * @param instance the instance that refused a connection
	 */
	public void eject(ServiceInstance instance) {
		long until = System.nanoTime() + this.ejectForNanos;
		if (this.ejectedUntil.put(key(instance), until) == null) {
			log.warn("{} at {}:{} refused a connection: left out of load balancing for {} ms", instance.getServiceId(),
					instance.getHost(), instance.getPort(), Duration.ofNanos(this.ejectForNanos).toMillis());
			ejections(String.valueOf(instance.getServiceId())).increment();
		}
	}

	@Override
	public boolean supports(Class requestContextClass, Class responseClass, Class serverTypeClass) {
		return RequestDataContext.class.isAssignableFrom(requestContextClass)
				&& ResponseData.class.isAssignableFrom(responseClass)
				&& ServiceInstance.class.isAssignableFrom(serverTypeClass);
	}

	@Override
	public void onStart(Request<RequestDataContext> request) {
	}

	@Override
	public void onStartRequest(Request<RequestDataContext> request, Response<ServiceInstance> lbResponse) {
	}

	@Override
	public void onComplete(CompletionContext<ResponseData, ServiceInstance, RequestDataContext> completion) {
		Response<ServiceInstance> chosen = completion.getLoadBalancerResponse();
		if (completion.status() == CompletionContext.Status.FAILED && chosen != null && chosen.hasServer()
				&& refusedConnection(completion.getThrowable())) {
			eject(chosen.getServer());
		}
	}

	/**
	 * Whether a failure means the request never reached the instance: a refused or
	 * timed-out connect ({@link ConnectException}, Netty's connect timeout included) or
	 * an address that does not resolve, anywhere in the cause chain.
	 * @param failure the routing failure, or {@code null}
	 * @return true when nothing was sent
	 */
	public static boolean refusedConnection(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
				return true;
			}
		}
		return false;
	}

	private boolean ejected(ServiceInstance instance, long now) {
		Long until = this.ejectedUntil.get(key(instance));
		return until != null && now - until < 0;
	}

	private Counter ejections(String service) {
		return this.meters.counter(EJECTIONS, "service", service);
	}

	private static String key(ServiceInstance instance) {
		return instance.getServiceId() + "/" + instance.getHost() + ":" + instance.getPort();
	}

}
