package com.example.promo.coupon.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka (KRaft) broker in a JVM of its own, so a test can freeze it
 * ({@code SIGSTOP}) the way a stalled broker freezes in production, which the in-process
 * embedded broker cannot do without freezing the test. Started from the test's own
 * classpath; reachable on {@code 127.0.0.1:<port>} through a fixed listener (STACK.md).
 */
public final class ForkedKafkaBroker implements AutoCloseable {

	private static final String READY = "forked-kafka ready";

	private final Process process;

	private final int port;

	private ForkedKafkaBroker(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	/**
	 * Starts a broker and waits until it serves.
	 * @return the running broker
	 */
	public static ForkedKafkaBroker start() {
		int port = freePort();
		String java = ProcessHandle.current().info().command().orElse("java");
		try {
			Process process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
					ForkedKafkaBroker.class.getName(), Integer.toString(port))
				.redirectErrorStream(true)
				.start();
			CountDownLatch ready = new CountDownLatch(1);
			Thread.ofPlatform().daemon().name("forked-kafka-output").start(() -> {
				try (BufferedReader out = new BufferedReader(
						new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
					for (String line; (line = out.readLine()) != null;) {
						if (line.contains(READY)) {
							ready.countDown();
						}
					}
				}
				catch (IOException ex) {
					// the broker exited
				}
			});
			if (!ready.await(90, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("forked Kafka broker did not start within 90 s");
			}
			return new ForkedKafkaBroker(process, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @return {@code 127.0.0.1:<port>}
	 */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Freezes the broker process ({@code SIGSTOP}): it keeps its sockets, answers
	 * nothing.
	 */
	public void freeze() {
		signal("-STOP");
	}

	/** Lets a frozen broker run again ({@code SIGCONT}). */
	public void thaw() {
		signal("-CONT");
	}

	@Override
	public void close() {
		thaw();
		this.process.destroy();
		try {
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

	private void signal(String signal) {
		try {
			int exit = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).start().waitFor();
			if (exit != 0) {
				throw new IllegalStateException("kill " + signal + " failed with " + exit);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The forked JVM's entry point.
	 * @param args the port
	 * @throws InterruptedException if interrupted while serving
	 */
	public static void main(String[] args) throws InterruptedException {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
		broker.brokerProperty("listeners",
				"EXTERNAL://127.0.0.1:0,CONTROLLER://127.0.0.1:0,FIXED://127.0.0.1:" + args[0]);
		broker.brokerProperty("listener.security.protocol.map",
				"EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,FIXED:PLAINTEXT");
		broker.afterPropertiesSet();
		Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy));
		System.out.println(READY);
		new CountDownLatch(1).await();
	}

}
