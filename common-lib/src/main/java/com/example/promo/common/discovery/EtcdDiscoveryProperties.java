package com.example.promo.common.discovery;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * etcd discovery settings ({@code promo.discovery.etcd.*}).
 *
 * @param enabled whether this instance registers in etcd and discovers through it (env
 * {@code PROMO_DISCOVERY_ETCD_ENABLED}); when false nothing of etcd is created and Spring
 * Cloud's simple discovery ({@code spring.cloud.discovery.client.simple.instances.*})
 * serves
 * @param endpoints etcd client URLs, e.g. {@code http://127.0.0.1:2379} (the services'
 * configuration reads env {@code ETCD_ENDPOINTS}, comma-separated)
 * @param ttl lease time to live of this instance's key; jetcd refreshes it every ttl/3,
 * so a dead instance disappears within one ttl (whole seconds, at least 1 s)
 * @param host the address other instances reach this one at (env {@code INSTANCE_HOST} in
 * the services' configuration)
 * @param prefix key prefix of the registry: an instance is the key
 * {@code <prefix><spring.application.name>/<host>:<port>}
 * @param metadata free-form metadata published with the instance
 */
@ConfigurationProperties("promo.discovery.etcd")
public record EtcdDiscoveryProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("http://127.0.0.1:2379") List<String> endpoints, @DefaultValue("10s") Duration ttl,
		@DefaultValue("127.0.0.1") String host, @DefaultValue("/services/") String prefix,
		Map<String, String> metadata) {

	/** Normalizes the prefix to end with a slash and the metadata to a map. */
	public EtcdDiscoveryProperties {
		prefix = prefix.endsWith("/") ? prefix : prefix + "/";
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

}
