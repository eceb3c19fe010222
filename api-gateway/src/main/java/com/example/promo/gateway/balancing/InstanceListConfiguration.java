package com.example.promo.gateway.balancing;

import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Every service's instance list in Spring Cloud LoadBalancer's per-service context: the
 * discovery clients' instances without the ejected ones, and no cache: each request reads
 * the etcd client's in-memory, watched view, so a new or dead instance counts within the
 * watch's delay, not a cache's 35 s. Deliberately not a {@code @Configuration}: it is
 * read by {@code @LoadBalancerClients} for each service's own context, not by the
 * application's.
 */
public class InstanceListConfiguration {

	/**
	 * @param context the service's load-balancer context
	 * @param refused the gateway's ejected instances
	 * @return the instance list supplier of one service
	 */
	@Bean
	public ServiceInstanceListSupplier instanceListSupplier(ConfigurableApplicationContext context,
			RefusedInstances refused) {
		return ServiceInstanceListSupplier.builder()
			.withDiscoveryClient()
			.with((ignored, delegate) -> new EjectingInstanceListSupplier(delegate, refused))
			.build(context);
	}

}
