package com.example.promo.common.discovery;

import java.util.HashMap;

import io.etcd.jetcd.Client;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryProperties;
import org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * etcd discovery (DESIGN.md §5), on unless {@code promo.discovery.etcd.enabled=false}: an
 * etcd {@link Client} ({@code promo.discovery.etcd.endpoints}), this application's
 * registration ({@link EtcdServiceRegistrar}, web applications only), the watched
 * registry ({@link EtcdServiceCatalog}) behind a {@link EtcdDiscoveryClient} and, where
 * Reactor is present, an {@link EtcdReactiveDiscoveryClient}. With etcd on, etcd is the
 * only source of instances: static instances of Spring Cloud's simple discovery
 * ({@code spring.cloud.discovery.client.simple.instances.*}) are emptied, so they serve
 * only as the fallback with etcd off.
 */
@AutoConfiguration(beforeName = {
		"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration" })
@ConditionalOnClass({ Client.class, DiscoveryClient.class })
@ConditionalOnBooleanProperty(name = "promo.discovery.etcd.enabled", matchIfMissing = true)
@EnableConfigurationProperties(EtcdDiscoveryProperties.class)
public class EtcdDiscoveryAutoConfiguration {

	@Bean(destroyMethod = "close")
	Client etcdClient(EtcdDiscoveryProperties properties) {
		return Client.builder().endpoints(properties.endpoints().toArray(String[]::new)).build();
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	EtcdServiceCatalog etcdServiceCatalog(Client etcdClient, EtcdDiscoveryProperties properties) {
		return new EtcdServiceCatalog(etcdClient, properties.prefix(), JsonMapper.shared());
	}

	@Bean
	EtcdDiscoveryClient etcdDiscoveryClient(EtcdServiceCatalog etcdServiceCatalog) {
		return new EtcdDiscoveryClient(etcdServiceCatalog);
	}

	@Bean
	@ConditionalOnWebApplication
	EtcdServiceRegistrar etcdServiceRegistrar(Client etcdClient, EtcdDiscoveryProperties properties,
			Environment environment) {
		return new EtcdServiceRegistrar(etcdClient, properties,
				environment.getProperty("spring.application.name", "application"), JsonMapper.shared());
	}

	/**
	 * Empties the simple discovery client's static instances: with etcd on, etcd is the
	 * source.
	 */
	@Bean
	static BeanPostProcessor etcdReplacesStaticInstances() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (bean instanceof SimpleDiscoveryProperties simple) {
					simple.setInstances(new HashMap<>());
				}
				else if (bean instanceof SimpleReactiveDiscoveryProperties simple) {
					simple.setInstances(new HashMap<>());
				}
				return bean;
			}
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	static class Reactive {

		@Bean
		EtcdReactiveDiscoveryClient etcdReactiveDiscoveryClient(EtcdServiceCatalog etcdServiceCatalog) {
			return new EtcdReactiveDiscoveryClient(etcdServiceCatalog);
		}

	}

}
