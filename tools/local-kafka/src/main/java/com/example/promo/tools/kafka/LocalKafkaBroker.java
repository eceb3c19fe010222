package com.example.promo.tools.kafka;

import java.util.concurrent.CountDownLatch;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real single-node Kafka 4 (KRaft) broker, in-process, for the local stack on a machine
 * without Docker. Other JVMs reach it on a fixed listener, {@code 127.0.0.1:9092} by
 * default (argument 1 overrides the port). It keeps its data in a temporary directory and
 * loses it on exit. Started and stopped by {@code scripts/stack.sh}; never deployed.
 *
 * <p>
 * The third "FIXED" listener is how a fixed port works with
 * {@link EmbeddedKafkaKraftBroker}, whose own port options are ignored in KRaft mode (see
 * {@code ../shared/STACK.md}).
 */
public final class LocalKafkaBroker {

	private LocalKafkaBroker() {
	}

	/**
	 * Starts the broker and blocks until the JVM is asked to stop.
	 * @param args optional port (default 9092)
	 * @throws InterruptedException if interrupted while running
	 */
	public static void main(String[] args) throws InterruptedException {
		int port = (args.length > 0) ? Integer.parseInt(args[0]) : 9092;
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
		broker.brokerProperty("listeners", "EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0,FIXED://127.0.0.1:" + port);
		broker.brokerProperty("listener.security.protocol.map",
				"EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,FIXED:PLAINTEXT");
		broker.brokerProperty("auto.create.topics.enable", "true");
		broker.afterPropertiesSet();
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			broker.destroy();
			stopped.countDown();
		}, "local-kafka-shutdown"));
		System.out.println("local-kafka: KRaft broker ready on 127.0.0.1:" + port);
		stopped.await();
	}

}
