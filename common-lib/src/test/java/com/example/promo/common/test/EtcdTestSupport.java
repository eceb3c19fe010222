package com.example.promo.common.test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;

/**
 * The real etcd ({@link TestStack#etcdEndpoint()}: the local stack's on 127.0.0.1:2379,
 * or a container's), and a key prefix of each test's own; for the modules' tests too
 * (test-jar).
 */
public final class EtcdTestSupport {

	/** The etcd client URL. */
	public static final String ENDPOINT = TestStack.etcdEndpoint();

	private EtcdTestSupport() {
	}

	public static Client client() {
		return Client.builder().endpoints(ENDPOINT).build();
	}

	/** A prefix no other test or run uses, e.g. {@code /test-discovery/3f2a.../}. */
	public static String uniquePrefix() {
		return "/test-discovery/" + UUID.randomUUID() + "/";
	}

	public static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	public static KeyValue get(Client client, String key) throws Exception {
		var kvs = client.getKVClient().get(bytes(key)).get(5, TimeUnit.SECONDS).getKvs();
		return kvs.isEmpty() ? null : kvs.get(0);
	}

	public static void put(Client client, String key, String value) throws Exception {
		client.getKVClient().put(bytes(key), bytes(value)).get(5, TimeUnit.SECONDS);
	}

	public static void delete(Client client, String key) throws Exception {
		client.getKVClient().delete(bytes(key)).get(5, TimeUnit.SECONDS);
	}

	public static void deletePrefix(Client client, String prefix) throws Exception {
		client.getKVClient()
			.delete(bytes(prefix), DeleteOption.builder().isPrefix(true).build())
			.get(5, TimeUnit.SECONDS);
	}

	public static long count(Client client, String prefix) throws Exception {
		return client.getKVClient()
			.get(bytes(prefix), GetOption.builder().isPrefix(true).withCountOnly(true).build())
			.get(5, TimeUnit.SECONDS)
			.getCount();
	}

}
