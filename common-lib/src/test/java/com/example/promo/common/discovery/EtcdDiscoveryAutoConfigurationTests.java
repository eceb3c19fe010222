package com.example.promo.common.discovery;

import com.example.promo.common.test.EtcdTestSupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.cloud.client.CommonsClientAutoConfiguration;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration in a servlet application with a real web server on a random port
 * and the real etcd: it registers itself once listening, discovers through the watch,
 * ignores static instances, and deregisters on close; switched off, nothing of etcd
 * exists and the static instances serve.
 */
class EtcdDiscoveryAutoConfigurationTests {

	private final Client etcd = EtcdTestSupport.client();

	private final String prefix = EtcdTestSupport.uniquePrefix();

	private final String name = "disco-" + UUID.randomUUID();

	@AfterEach
	void cleanUp() throws Exception {
		EtcdTestSupport.deletePrefix(this.etcd, this.prefix);
		this.etcd.close();
	}

	@Test
	void registersOnceListeningDiscoversItselfAndDeregistersOnClose() throws Exception {
		String key;
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.SERVLET)
			.properties("spring.application.name=" + this.name, "promo.discovery.etcd.prefix=" + this.prefix,
					"promo.discovery.etcd.ttl=3s", "promo.discovery.etcd.metadata.zone=a",
					"spring.cloud.discovery.client.simple.instances.static-service[0].uri=http://10.9.9.9:80")
			.run()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			key = this.prefix + this.name + "/127.0.0.1:" + port;
			await().atMost(Duration.ofSeconds(5)).until(() -> EtcdTestSupport.get(this.etcd, key) != null);
			KeyValue entry = EtcdTestSupport.get(this.etcd, key);
			JsonNode value = JsonMapper.builder().build().readTree(entry.getValue().toString(StandardCharsets.UTF_8));
			assertThat(value.get("host").asString()).isEqualTo("127.0.0.1");
			assertThat(value.get("port").asInt()).isEqualTo(port);
			assertThat(value.get("metadata").get("zone").asString()).isEqualTo("a");

			DiscoveryClient discovery = context.getBean(DiscoveryClient.class);
			await().atMost(Duration.ofSeconds(3))
				.until(() -> discovery.getInstances(this.name).stream().map(ServiceInstance::getPort).toList(),
						(ports) -> ports.equals(java.util.List.of(port)));
			assertThat(discovery.getServices()).contains(this.name);
			assertThat(discovery.getInstances("static-service")).as("static instances are off with etcd on").isEmpty();
		}
		assertThat(EtcdTestSupport.get(this.etcd, key)).isNull();
	}

	@Test
	void disabledCreatesNothingOfEtcdAndTheStaticInstancesServe() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(EtcdDiscoveryAutoConfiguration.class,
					SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class,
					CommonsClientAutoConfiguration.class, UtilAutoConfiguration.class))
			.withPropertyValues("promo.discovery.etcd.enabled=false",
					"spring.cloud.discovery.client.simple.instances.coupon-service[0].uri=http://127.0.0.1:3001")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(Client.class)
					.doesNotHaveBean(EtcdServiceCatalog.class)
					.doesNotHaveBean(EtcdDiscoveryClient.class)
					.doesNotHaveBean(EtcdReactiveDiscoveryClient.class)
					.doesNotHaveBean(EtcdServiceRegistrar.class)
					.doesNotHaveBean(EtcdDiscoveryProperties.class);
				assertThat(context.getBean(DiscoveryClient.class).getInstances("coupon-service")).singleElement()
					.satisfies((instance) -> assertThat(instance.getUri()).hasToString("http://127.0.0.1:3001"));
			});
	}

	@Test
	void enabledByDefault() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(EtcdDiscoveryAutoConfiguration.class))
			.withPropertyValues("promo.discovery.etcd.prefix=" + this.prefix)
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(Client.class)
				.hasSingleBean(EtcdDiscoveryClient.class)
				.hasSingleBean(EtcdReactiveDiscoveryClient.class)
				.doesNotHaveBean(EtcdServiceRegistrar.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ EtcdDiscoveryAutoConfiguration.class, SimpleDiscoveryClientAutoConfiguration.class,
			CompositeDiscoveryClientAutoConfiguration.class, CommonsClientAutoConfiguration.class,
			UtilAutoConfiguration.class })
	static class App {

		@Bean
		TomcatServletWebServerFactory webServerFactory() {
			return new TomcatServletWebServerFactory(0);
		}

	}

}
