package com.example.promo.common.discovery;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;

/**
 * The registry under a prefix ({@code /services/}) in memory, kept current by a prefix
 * watch: a GET with the prefix, then a watch from that revision + 1. On a
 * {@link CompactedException} (the watch's revision was compacted away) it lists again and
 * watches from the new revision + 1 at once; on any other watch error or end it does the
 * same after a backoff (200 ms doubling to 5 s). Keys are
 * {@code <prefix><service>/<instance-id>}, values {@link EtcdInstance} JSON; a value that
 * does not parse is skipped (logged). Reads never touch etcd.
 */
public final class EtcdServiceCatalog implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdServiceCatalog.class);

	private final Client client;

	private final String prefix;

	private final ByteSequence prefixBytes;

	private final JsonMapper json;

	private final ScheduledExecutorService executor;

	private final AtomicLong generation = new AtomicLong();

	private final AtomicInteger compactions = new AtomicInteger();

	private volatile Map<String, Service> services = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private Watch.Watcher watcher;

	private int failures;

	/**
	 * @param client the etcd client (not closed by the catalog)
	 * @param prefix the registry's key prefix, ending in {@code /}
	 * @param json reads the instances' values
	 */
	public EtcdServiceCatalog(Client client, String prefix, JsonMapper json) {
		this.client = client;
		this.prefix = prefix;
		this.prefixBytes = ByteSequence.from(prefix, StandardCharsets.UTF_8);
		this.json = json;
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("etcd-discovery").factory());
	}

	/**
	 * Lists the registry and starts watching; waits up to 5 s for the first listing, then
	 * carries on in the background (retrying) if etcd does not answer.
	 */
	public void start() {
		try {
			this.executor.submit(this::resync).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn("etcd: no registry listing yet (" + ex + "); retrying in the background");
		}
	}

	/**
	 * The names of the services with at least one instance.
	 * @return service ids, in no particular order
	 */
	public List<String> services() {
		List<String> names = new ArrayList<>();
		this.services.forEach((name, service) -> {
			if (!service.instances().isEmpty()) {
				names.add(name);
			}
		});
		return names;
	}

	/**
	 * The instances of a service as last seen: a read-only list made when the watch last
	 * changed the service, not copied per call.
	 * @param serviceId a service name ({@code spring.application.name})
	 * @return its instances, empty if none
	 */
	public List<ServiceInstance> instances(String serviceId) {
		Service service = this.services.get(serviceId);
		return (service != null) ? service.instances() : List.of();
	}

	private void resync() {
		if (this.closed) {
			return;
		}
		long current = this.generation.incrementAndGet();
		if (this.watcher != null) {
			this.watcher.close();
			this.watcher = null;
		}
		try {
			GetResponse listing = this.client.getKVClient()
				.get(this.prefixBytes, GetOption.builder().isPrefix(true).build())
				.get(5, TimeUnit.SECONDS);
			Map<String, Service> fresh = new ConcurrentHashMap<>();
			for (KeyValue entry : listing.getKvs()) {
				put(fresh, entry);
			}
			this.services = fresh;
			long revision = listing.getHeader().getRevision();
			watch(revision + 1, current);
			if (this.failures > 0) {
				logger.info("etcd: watching " + this.prefix + " again from revision " + (revision + 1));
			}
			this.failures = 0;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			resyncLater("could not list " + this.prefix + " (" + ex + ")");
		}
	}

	private void watch(long fromRevision, long watchGeneration) {
		this.watcher = this.client.getWatchClient()
			.watch(this.prefixBytes, WatchOption.builder().isPrefix(true).withRevision(fromRevision).build(),
					Watch.listener((response) -> onEvents(watchGeneration, response),
							(error) -> onWatchEnded(watchGeneration, error),
							() -> onWatchEnded(watchGeneration, null)));
	}

	/**
	 * Replaces the watch by one from the given revision, without listing (tests: a watch
	 * resuming from a compacted revision).
	 * @param fromRevision the first revision to watch
	 */
	void watchFrom(long fromRevision) throws Exception {
		this.executor.submit(() -> {
			long current = this.generation.incrementAndGet();
			if (this.watcher != null) {
				this.watcher.close();
			}
			watch(fromRevision, current);
		}).get(5, TimeUnit.SECONDS);
	}

	/**
	 * How many times a watch was found compacted and the registry listed again.
	 * @return the count since start
	 */
	int compactions() {
		return this.compactions.get();
	}

	private void resyncLater(String why) {
		if (this.closed) {
			return;
		}
		this.failures++;
		long delay = Backoff.after(this.failures).toMillis();
		logger.warn("etcd: " + why + "; listing again in " + delay + " ms");
		schedule(delay);
	}

	private void schedule(long delayMillis) {
		try {
			this.executor.schedule(this::resync, delayMillis, TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	private void onEvents(long watchGeneration, WatchResponse response) {
		if (watchGeneration != this.generation.get()) {
			return;
		}
		for (WatchEvent event : response.getEvents()) {
			switch (event.getEventType()) {
				case PUT -> put(this.services, event.getKeyValue());
				case DELETE -> remove(event.getKeyValue());
				default -> {
				}
			}
		}
	}

	private void onWatchEnded(long watchGeneration, Throwable error) {
		if (this.closed || watchGeneration != this.generation.get()) {
			return;
		}
		boolean compacted = isCompaction(error);
		if (compacted) {
			this.compactions.incrementAndGet();
			logger.info("etcd: watch revision compacted; listing " + this.prefix + " again");
		}
		try {
			this.executor.execute(() -> {
				if (watchGeneration != this.generation.get()) {
					return;
				}
				if (compacted) {
					resync();
				}
				else {
					resyncLater("watch on " + this.prefix + " ended" + ((error != null) ? " (" + error + ")" : ""));
				}
			});
		}
		catch (RejectedExecutionException ex) {
			// closed
		}
	}

	private static boolean isCompaction(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof CompactedException) {
				return true;
			}
		}
		return false;
	}

	private void put(Map<String, Service> into, KeyValue entry) {
		String[] name = name(entry);
		if (name == null) {
			return;
		}
		try {
			EtcdInstance instance = this.json.readValue(entry.getValue().getBytes(), EtcdInstance.class);
			into.computeIfAbsent(name[0], (service) -> new Service())
				.put(name[1], new DefaultServiceInstance(name[1], name[0], instance.host(), instance.port(), false,
						instance.metadata()));
		}
		catch (RuntimeException ex) {
			logger.warn("etcd: skipping " + entry.getKey().toString(StandardCharsets.UTF_8) + ": not an instance ("
					+ ex.getMessage() + ")");
		}
	}

	private void remove(KeyValue entry) {
		String[] name = name(entry);
		if (name != null) {
			Service service = this.services.get(name[0]);
			if (service != null) {
				service.remove(name[1]);
			}
		}
	}

	/** {@code [service, instance-id]}, or null for a key not shaped like an instance. */
	private String[] name(KeyValue entry) {
		String key = entry.getKey().toString(StandardCharsets.UTF_8);
		String rest = key.substring(Math.min(this.prefix.length(), key.length()));
		int slash = rest.indexOf('/');
		if (slash <= 0 || slash == rest.length() - 1) {
			return null;
		}
		return new String[] { rest.substring(0, slash), rest.substring(slash + 1) };
	}

	/** Stops watching. */
	@Override
	public void close() {
		this.closed = true;
		try {
			this.executor.submit(() -> {
				if (this.watcher != null) {
					this.watcher.close();
				}
			}).get(5, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
		}
		finally {
			this.executor.shutdownNow();
		}
	}

	/**
	 * One service's instances by id, and the read-only list of them that reads return,
	 * made again on each change.
	 */
	private static final class Service {

		private final Map<String, ServiceInstance> byId = new HashMap<>();

		private volatile List<ServiceInstance> instances = List.of();

		List<ServiceInstance> instances() {
			return this.instances;
		}

		synchronized void put(String instanceId, ServiceInstance instance) {
			this.byId.put(instanceId, instance);
			this.instances = List.copyOf(this.byId.values());
		}

		synchronized void remove(String instanceId) {
			if (this.byId.remove(instanceId) != null) {
				this.instances = List.copyOf(this.byId.values());
			}
		}

	}

}
