package com.example.promo.common.discovery;

import com.example.promo.common.test.EtcdTestSupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance's key on a lease in the real etcd: put, kept, re-put when lost, deleted.
 */
class EtcdRegistrationTests {

	private final Client etcd = EtcdTestSupport.client();

	private final String prefix = EtcdTestSupport.uniquePrefix();

	private final String key = this.prefix + "coupon-service/10.0.0.5:3001";

	private final String json = "{\"host\":\"10.0.0.5\",\"port\":3001,\"metadata\":{\"zone\":\"a\"}}";

	@AfterEach
	void cleanUp() throws Exception {
		EtcdTestSupport.deletePrefix(this.etcd, this.prefix);
		this.etcd.close();
	}

	@Test
	void putsTheKeyOnALeaseAndDeletesItAndRevokesTheLeaseOnClose() throws Exception {
		long lease;
		try (EtcdRegistration registration = new EtcdRegistration(this.etcd, this.key, this.json,
				Duration.ofSeconds(10))) {
			registration.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> EtcdTestSupport.get(this.etcd, this.key) != null);
			KeyValue entry = EtcdTestSupport.get(this.etcd, this.key);
			assertThat(entry.getValue().toString(StandardCharsets.UTF_8)).isEqualTo(this.json);
			lease = entry.getLease();
			assertThat(lease).isNotZero().isEqualTo(registration.leaseId());
			long ttl = this.etcd.getLeaseClient()
				.timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT)
				.get(5, TimeUnit.SECONDS)
				.getTTL();
			assertThat(ttl).isBetween(1L, 10L);
		}
		assertThat(EtcdTestSupport.get(this.etcd, this.key)).isNull();
		long ttlAfter = this.etcd.getLeaseClient()
			.timeToLive(lease, io.etcd.jetcd.options.LeaseOption.DEFAULT)
			.get(5, TimeUnit.SECONDS)
			.getTTL();
		assertThat(ttlAfter).as("the lease is revoked").isEqualTo(-1);
	}

	@Test
	void keepsTheKeyAliveBeyondItsTtl() throws Exception {
		try (EtcdRegistration registration = new EtcdRegistration(this.etcd, this.key, this.json,
				Duration.ofSeconds(2))) {
			registration.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> EtcdTestSupport.get(this.etcd, this.key) != null);
			long lease = registration.leaseId();
			// Two and a half TTLs: the key must be there, on the same lease, all along.
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> {
				KeyValue entry = EtcdTestSupport.get(this.etcd, this.key);
				return entry != null && entry.getLease() == lease;
			});
		}
	}

	@Test
	void registersAgainOnANewLeaseWhenTheLeaseIsLost() throws Exception {
		try (EtcdRegistration registration = new EtcdRegistration(this.etcd, this.key, this.json,
				Duration.ofSeconds(3))) {
			registration.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> EtcdTestSupport.get(this.etcd, this.key) != null);
			long lost = EtcdTestSupport.get(this.etcd, this.key).getLease();

			this.etcd.getLeaseClient().revoke(lost).get(5, TimeUnit.SECONDS);

			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				KeyValue entry = EtcdTestSupport.get(this.etcd, this.key);
				assertThat(entry).isNotNull();
				assertThat(entry.getLease()).isNotEqualTo(lost).isEqualTo(registration.leaseId());
				assertThat(entry.getValue().toString(StandardCharsets.UTF_8)).isEqualTo(this.json);
			});
		}
		assertThat(EtcdTestSupport.get(this.etcd, this.key)).isNull();
	}

}
