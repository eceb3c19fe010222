package com.example.promo.gateway.balancing;

import java.util.List;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.DelegatingServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * A service's discovered instances without those {@link RefusedInstances} has ejected.
 */
public final class EjectingInstanceListSupplier extends DelegatingServiceInstanceListSupplier {

	private final RefusedInstances refused;

	/**
	 * @param delegate the discovered instances (etcd's watched view, or the static ones)
	 * @param refused the instances to leave out
	 */
	public EjectingInstanceListSupplier(ServiceInstanceListSupplier delegate, RefusedInstances refused) {
		super(delegate);
		this.refused = refused;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return this.delegate.get().map(this.refused::available);
	}

}
