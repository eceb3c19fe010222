package com.example.promo.common.discovery;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * Spring Cloud {@link ReactiveDiscoveryClient} over the watched etcd registry
 * ({@link EtcdServiceCatalog}); never blocks (answers from memory).
 */
public class EtcdReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final EtcdServiceCatalog catalog;

	/**
	 * @param catalog the watched registry
	 */
	public EtcdReactiveDiscoveryClient(EtcdServiceCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public String description() {
		return "etcd discovery (reactive)";
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.catalog.instances(serviceId)));
	}

	@Override
	public Flux<String> getServices() {
		return Flux.defer(() -> Flux.fromIterable(this.catalog.services()));
	}

}
