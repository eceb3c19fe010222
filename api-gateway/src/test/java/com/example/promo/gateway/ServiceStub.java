package com.example.promo.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the services: a JDK HTTP server on a random port that answers {@code 200
 * {"ok":true}} (or another status, {@link #answer}) and records the path, headers and
 * body of every request that reached it.
 */
final class ServiceStub implements AutoCloseable {

	/**
	 * One request that reached the stub.
	 *
	 * @param path path and query
	 * @param headers the request headers, names as sent (the JDK capitalizes them)
	 * @param body the request body, UTF-8
	 */
	record Received(String path, Map<String, List<String>> headers, String body) {

		String header(String name) {
			return this.headers.entrySet()
				.stream()
				.filter((header) -> header.getKey().equalsIgnoreCase(name))
				.map((header) -> header.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

	}

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private final HttpServer server;

	private volatile int status = 200;

	/** Released on close; while held, every request waits for it (at most 30 s). */
	private final CountDownLatch held;

	ServiceStub() {
		this(false);
	}

	private ServiceStub(boolean holdAnswers) {
		this.held = new CountDownLatch(holdAnswers ? 1 : 0);
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", (exchange) -> {
			String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			this.received.add(new Received(exchange.getRequestURI().toString(),
					Map.copyOf(exchange.getRequestHeaders()), requestBody));
			try {
				this.held.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(this.status, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
	}

	/**
	 * A stub that holds every answer until it is closed (at most 30 s): a service too
	 * slow for the gateway's time limits.
	 * @return the started stub
	 */
	static ServiceStub holdingAnswers() {
		return new ServiceStub(true);
	}

	/** Answers every later request with this status (200 until set). */
	void answer(int status) {
		this.status = status;
	}

	String uri() {
		return "http://127.0.0.1:" + port();
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	List<Received> received() {
		return this.received;
	}

	void clear() {
		this.received.clear();
	}

	@Override
	public void close() {
		this.held.countDown();
		this.server.stop(0);
	}

}
