package com.example.promo.gateway.balancing;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Value;
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
	 * @return the gateway's ejected instances, reported to by the load-balancer filter
	 */
	@Bean
	public RefusedInstances refusedInstances(@Value("${promo.gateway.eject-refused-for}") Duration ejectFor,
			MeterRegistry meters) {
		return new RefusedInstances(ejectFor, meters);
	}

}
