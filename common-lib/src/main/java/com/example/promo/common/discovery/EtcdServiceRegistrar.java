package com.example.promo.common.discovery;

import io.etcd.jetcd.Client;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * Registers this application once its web server listens (servlet or reactive; the
 * management server's own context is ignored): key
 * {@code <prefix><spring.application.name>/<host>:<port>} — the instance id is
 * {@code host:port}, unique per listening instance and stable across its restarts — with
 * {@link EtcdInstance} JSON as value, kept by an {@link EtcdRegistration}. Deregisters
 * first thing on shutdown (before the web server stops), so callers stop choosing it
 * while it drains.
 */
public class EtcdServiceRegistrar implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

	private final Client client;

	private final EtcdDiscoveryProperties properties;

	private final String serviceName;

	private final JsonMapper json;

	private volatile EtcdRegistration registration;

	private volatile boolean running;

	/**
	 * @param client the etcd client
	 * @param properties ttl, host, prefix, metadata
	 * @param serviceName {@code spring.application.name}
	 * @param json writes the key's value
	 */
	public EtcdServiceRegistrar(Client client, EtcdDiscoveryProperties properties, String serviceName,
			JsonMapper json) {
		this.client = client;
		this.properties = properties;
		this.serviceName = serviceName;
		this.json = json;
	}

	@Override
	public void onApplicationEvent(WebServerInitializedEvent event) {
		WebServerApplicationContext context = event.getApplicationContext();
		if (context.getServerNamespace() != null || this.registration != null) {
			return;
		}
		int port = event.getWebServer().getPort();
		String host = this.properties.host();
		String key = this.properties.prefix() + this.serviceName + "/" + host + ":" + port;
		String value = this.json.writeValueAsString(new EtcdInstance(host, port, this.properties.metadata()));
		EtcdRegistration registration = new EtcdRegistration(this.client, key, value, this.properties.ttl());
		this.registration = registration;
		registration.start();
	}

	@Override
	public void start() {
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		EtcdRegistration registration = this.registration;
		if (registration != null) {
			registration.close();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops before the web server's graceful shutdown (lower phases stop later). */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1;
	}

}
