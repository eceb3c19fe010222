package com.example.promo.common.discovery;

import java.util.Map;

/**
 * The value of an instance's key in etcd, as JSON:
 * {@code {"host":"10.0.0.5","port":3001,"metadata":{...}}}.
 *
 * @param host address the instance is reached at
 * @param port its HTTP port
 * @param metadata free-form metadata (never null after parsing)
 */
public record EtcdInstance(String host, int port, Map<String, String> metadata) {

	/** Treats absent metadata as empty. */
	public EtcdInstance {
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

}
