package com.example.promo.gateway.balancing;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Load balancing of the {@code lb://} routes: round robin over each service's discovered
 * instances without those that refused a connection in the last
 * {@code promo.gateway.eject-refused-for} (default 10 s, the etcd lease's TTL). Together
 * with each route's {@code Retry} filter on refused connections, a killed instance fails
 * only the requests in flight at it.
 */
@Configuration(proxyBeanMethods = false)
@LoadBalancerClients(defaultConfiguration = InstanceListConfiguration.class)
public class LoadBalancingConfiguration {

	/**
	 * @param ejectFor how long an instance that refused a connection is left out
	 * @param meters where ejections are counted
	 * @param gateway the routes: their {@code lb://} services get ejection counters at
	 * zero
	 * @return the gateway's ejected instances, reported to by the load-balancer filter
	 */
	@Bean
	public RefusedInstances refusedInstances(@Value("${promo.gateway.eject-refused-for}") Duration ejectFor,
			MeterRegistry meters, ObjectProvider<GatewayProperties> gateway) {
		List<String> services = gateway.stream()
			.flatMap((properties) -> properties.getRoutes().stream())
			.map(RouteDefinition::getUri)
			.filter((uri) -> "lb".equals(uri.getScheme()))
			.map(URI::getHost)
			.distinct()
			.toList();
		return new RefusedInstances(ejectFor, meters, services);
	}

}
