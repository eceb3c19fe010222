package com.example.promo.common.discovery;

import com.example.promo.common.test.EtcdTestSupport;

import java.time.Duration;
import java.util.Map;

import io.etcd.jetcd.Client;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.cloud.client.ServiceInstance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watched registry and the discovery clients over it, on the real etcd. */
class EtcdServiceCatalogTests {

	private final Client etcd = EtcdTestSupport.client();

	private final String prefix = EtcdTestSupport.uniquePrefix();

	@AfterEach
	void cleanUp() throws Exception {
		EtcdTestSupport.deletePrefix(this.etcd, this.prefix);
		this.etcd.close();
	}

	private EtcdServiceCatalog catalog() {
		EtcdServiceCatalog catalog = new EtcdServiceCatalog(this.etcd, this.prefix, JsonMapper.builder().build());
		catalog.start();
		return catalog;
	}

	@Test
	void listsWhatIsRegisteredAtStart() throws Exception {
		EtcdTestSupport.put(this.etcd, this.prefix + "coupon-service/10.0.0.5:3001",
				"{\"host\":\"10.0.0.5\",\"port\":3001,\"metadata\":{\"zone\":\"a\"}}");
		EtcdTestSupport.put(this.etcd, this.prefix + "not-an-instance", "x");
		EtcdTestSupport.put(this.etcd, this.prefix + "point-service/bad", "not json");
		try (EtcdServiceCatalog catalog = catalog()) {
			EtcdDiscoveryClient client = new EtcdDiscoveryClient(catalog);
			assertThat(client.getServices()).containsExactly("coupon-service");
			assertThat(client.getInstances("coupon-service")).singleElement().satisfies((instance) -> {
				assertThat(instance.getInstanceId()).isEqualTo("10.0.0.5:3001");
				assertThat(instance.getServiceId()).isEqualTo("coupon-service");
				assertThat(instance.getUri()).hasToString("http://10.0.0.5:3001");
				assertThat(instance.getMetadata()).isEqualTo(Map.of("zone", "a"));
			});
			assertThat(client.getInstances("point-service")).isEmpty();
		}
	}

	@Test
	void seesANewInstanceAndARemovedOneThroughTheWatch() throws Exception {
		try (EtcdServiceCatalog catalog = catalog()) {
			EtcdReactiveDiscoveryClient client = new EtcdReactiveDiscoveryClient(catalog);
			assertThat(client.getInstances("coupon-service").collectList().block()).isEmpty();

			EtcdTestSupport.put(this.etcd, this.prefix + "coupon-service/127.0.0.1:4001",
					"{\"host\":\"127.0.0.1\",\"port\":4001}");
			EtcdTestSupport.put(this.etcd, this.prefix + "coupon-service/127.0.0.1:4002",
					"{\"host\":\"127.0.0.1\",\"port\":4002}");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> client.getInstances("coupon-service").map(ServiceInstance::getPort).collectList().block(),
						(ports) -> ports.size() == 2 && ports.containsAll(java.util.List.of(4001, 4002)));
			assertThat(client.getServices().collectList().block()).containsExactly("coupon-service");

			EtcdTestSupport.delete(this.etcd, this.prefix + "coupon-service/127.0.0.1:4001");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> client.getInstances("coupon-service").map(ServiceInstance::getPort).collectList().block(),
						(ports) -> ports.equals(java.util.List.of(4002)));
		}
	}

	@Test
	void aRegistrationIsSeenAndItsLeaseExpiryToo() throws Exception {
		try (EtcdServiceCatalog catalog = catalog()) {
			String key = this.prefix + "point-service/127.0.0.1:5001";
			try (EtcdRegistration registration = new EtcdRegistration(this.etcd, key,
					"{\"host\":\"127.0.0.1\",\"port\":5001}", Duration.ofSeconds(10))) {
				registration.start();
				await().atMost(Duration.ofSeconds(3)).until(() -> catalog.instances("point-service").size() == 1);
			}
			await().atMost(Duration.ofSeconds(3)).until(() -> catalog.instances("point-service").isEmpty());
		}
	}

	@Test
	void listsAgainAndWatchesOnWhenTheWatchRevisionIsCompacted() throws Exception {
		try (EtcdServiceCatalog catalog = catalog()) {
			EtcdTestSupport.put(this.etcd, this.prefix + "coupon-service/127.0.0.1:4001",
					"{\"host\":\"127.0.0.1\",\"port\":4001}");
			await().atMost(Duration.ofSeconds(3)).until(() -> catalog.instances("coupon-service").size() == 1);
			long compacted = this.etcd.getKVClient()
				.get(EtcdTestSupport.bytes(this.prefix))
				.get(5, java.util.concurrent.TimeUnit.SECONDS)
				.getHeader()
				.getRevision();
			EtcdTestSupport.delete(this.etcd, this.prefix + "coupon-service/127.0.0.1:4001");
			this.etcd.getKVClient().compact(compacted).get(5, java.util.concurrent.TimeUnit.SECONDS);

			catalog.watchFrom(compacted - 1);

			await().atMost(Duration.ofSeconds(3)).until(catalog::compactions, (count) -> count == 1);
			await().atMost(Duration.ofSeconds(3)).until(() -> catalog.instances("coupon-service").isEmpty());
			EtcdTestSupport.put(this.etcd, this.prefix + "coupon-service/127.0.0.1:4002",
					"{\"host\":\"127.0.0.1\",\"port\":4002}");
			await().atMost(Duration.ofSeconds(3))
				.until(() -> catalog.instances("coupon-service").stream().map(ServiceInstance::getPort).toList(),
						(ports) -> ports.equals(java.util.List.of(4002)));
		}
	}

}
