package com.example.promo.common.discovery;

import java.util.List;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * Spring Cloud {@link DiscoveryClient} over the watched etcd registry
 * ({@link EtcdServiceCatalog}): answers from memory, current within the watch's delay.
 */
public class EtcdDiscoveryClient implements DiscoveryClient {

	private final EtcdServiceCatalog catalog;

	/**
	 * @param catalog the watched registry
	 */
	public EtcdDiscoveryClient(EtcdServiceCatalog catalog) {
		this.catalog = catalog;
	}

	@Override
	public String description() {
		return "etcd discovery";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		return this.catalog.instances(serviceId);
	}

	@Override
	public List<String> getServices() {
		return this.catalog.services();
	}

}
