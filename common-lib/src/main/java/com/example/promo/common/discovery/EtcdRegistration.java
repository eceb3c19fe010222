package com.example.promo.common.discovery;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One instance's key in etcd, on a lease kept alive by jetcd (every ttl/3). When the
 * lease is lost — the keep-alive stream completes or fails because the lease expired (a
 * long GC pause, etcd unreachable for longer than the ttl), was revoked, or etcd lost it
 * in a restart — a new lease is granted and the key put again, retried with backoff (200
 * ms doubling to 5 s) until it succeeds or the registration is closed. All transitions
 * run on one thread of its own.
 */
public final class EtcdRegistration implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(EtcdRegistration.class);

	private static final long TIMEOUT_SECONDS = 5;

	private final Client client;

	private final ByteSequence key;

	private final ByteSequence value;

	private final long ttlSeconds;

	private final ScheduledExecutorService executor;

	private volatile long leaseId;

	private volatile boolean closed;

	private CloseableClient keepAlive;

	private int failures;

	/**
	 * @param client the etcd client (not closed by this registration)
	 * @param key the instance's key, e.g. {@code /services/coupon-service/10.0.0.5:3001}
	 * @param value its JSON value
	 * @param ttl the lease time to live (whole seconds, at least 1)
	 */
	public EtcdRegistration(Client client, String key, String value, Duration ttl) {
		this.client = client;
		this.key = ByteSequence.from(key, StandardCharsets.UTF_8);
		this.value = ByteSequence.from(value, StandardCharsets.UTF_8);
		this.ttlSeconds = Math.max(1, ttl.toSeconds());
		this.executor = Executors
			.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("etcd-registration").factory());
	}

	/** Puts the key (asynchronously, retried until it succeeds). */
	public void start() {
		this.executor.execute(this::register);
	}

	/**
	 * The lease the key is on now.
	 * @return the lease id, 0 while not registered
	 */
	public long leaseId() {
		return this.leaseId;
	}

	/** The key this registration owns. */
	String key() {
		return this.key.toString(StandardCharsets.UTF_8);
	}

	private void register() {
		if (this.closed) {
			return;
		}
		try {
			long lease = this.client.getLeaseClient()
				.grant(this.ttlSeconds)
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
				.getID();
			this.client.getKVClient()
				.put(this.key, this.value, PutOption.builder().withLeaseId(lease).build())
				.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			this.leaseId = lease;
			this.keepAlive = this.client.getLeaseClient().keepAlive(lease, new LeaseObserver(lease));
			if (this.failures > 0) {
				logger.info("etcd: registered " + key() + " again on lease " + Long.toHexString(lease) + " after "
						+ this.failures + " failed attempt(s)");
			}
			else {
				logger.info("etcd: registered " + key() + " on lease " + Long.toHexString(lease) + " (ttl "
						+ this.ttlSeconds + " s)");
			}
			this.failures = 0;
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			retry("could not register " + key(), ex.toString());
		}
	}

	private void retry(String what, String detail) {
		if (this.closed) {
			return;
		}
		this.failures++;
		Duration delay = Backoff.after(this.failures);
		logger.warn("etcd: " + what + " (" + detail + "); retrying in " + delay.toMillis() + " ms");
		this.executor.schedule(this::register, delay.toMillis(), TimeUnit.MILLISECONDS);
	}

	private void lost(long lease, Throwable cause) {
		if (this.closed || lease != this.leaseId) {
			return;
		}
		this.leaseId = 0;
		closeKeepAlive();
		// If the lease still exists (the stream failed, not the lease), do not leave its
		// key behind beside the new one's.
		this.client.getLeaseClient().revoke(lease).exceptionally((ex) -> null);
		retry("lease " + Long.toHexString(lease) + " of " + key() + " lost",
				(cause != null) ? cause.toString() : "keep-alive completed");
	}

	private void closeKeepAlive() {
		if (this.keepAlive != null) {
			this.keepAlive.close();
			this.keepAlive = null;
		}
	}

	/** Deletes the key and revokes its lease (waits up to 5 s each); idempotent. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.executor.submit(() -> {
				deregister();
				return null;
			}).get(3 * TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn("etcd: could not deregister " + key() + " (" + ex + "); its lease expires by itself");
		}
		finally {
			this.executor.shutdownNow();
		}
	}

	private void deregister() throws Exception {
		closeKeepAlive();
		long lease = this.leaseId;
		this.leaseId = 0;
		if (lease != 0) {
			this.client.getKVClient().delete(this.key).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			this.client.getLeaseClient().revoke(lease).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			logger.info("etcd: deregistered " + key());
		}
	}

	private final class LeaseObserver implements StreamObserver<LeaseKeepAliveResponse> {

		private final long lease;

		LeaseObserver(long lease) {
			this.lease = lease;
		}

		@Override
		public void onNext(LeaseKeepAliveResponse response) {
			if (response.getTTL() <= 0) {
				onCompleted();
			}
		}

		@Override
		public void onError(Throwable cause) {
			submit(cause);
		}

		@Override
		public void onCompleted() {
			submit(null);
		}

		private void submit(Throwable cause) {
			try {
				EtcdRegistration.this.executor.execute(() -> lost(this.lease, cause));
			}
			catch (RejectedExecutionException ex) {
				// closed meanwhile
			}
		}

	}

}
