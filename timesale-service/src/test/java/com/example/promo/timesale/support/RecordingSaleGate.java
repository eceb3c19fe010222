package com.example.promo.timesale.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.promo.timesale.sale.SaleGate;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The application's real {@link SaleGate} ({@code order.OrderSaleGate}, over the issuing
 * kit's gate), counting its calls: every integration test runs with it
 * ({@code IntegrationTestSupport} imports {@link Config}), so tests can assert each
 * order's units given back once and a switched sale's gate dropped, while the gate itself
 * does what it does in production.
 */
public class RecordingSaleGate implements SaleGate {

	private final SaleGate gate;

	private final Map<Long, AtomicInteger> giveBacks = new ConcurrentHashMap<>();

	private final List<Long> invalidated = new CopyOnWriteArrayList<>();

	private final List<Long> prepared = new CopyOnWriteArrayList<>();

	RecordingSaleGate(SaleGate gate) {
		this.gate = gate;
	}

	@Override
	public String generation(long saleId) {
		return this.gate.generation(saleId);
	}

	@Override
	public void giveBack(long saleId, String userId, int units, String generation, long orderId) {
		this.giveBacks.computeIfAbsent(orderId, (id) -> new AtomicInteger()).incrementAndGet();
		this.gate.giveBack(saleId, userId, units, generation, orderId);
	}

	@Override
	public void invalidate(long saleId) {
		this.invalidated.add(saleId);
		this.gate.invalidate(saleId);
	}

	@Override
	public void prepare(long saleId) {
		this.prepared.add(saleId);
		this.gate.prepare(saleId);
	}

	/**
	 * @param orderId an order
	 * @return how many times its units were given back
	 */
	public int giveBacks(long orderId) {
		AtomicInteger count = this.giveBacks.get(orderId);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * @return sales whose gate was dropped, in order
	 */
	public List<Long> invalidated() {
		return this.invalidated;
	}

	/**
	 * @return sales whose gate was built, in order
	 */
	public List<Long> prepared() {
		return this.prepared;
	}

	/**
	 * Puts the recorder in front of the real gate, as the {@link SaleGate} callers get.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		@Bean
		@Primary
		RecordingSaleGate recordingSaleGate(@Qualifier("orderSaleGate") SaleGate gate) {
			return new RecordingSaleGate(gate);
		}

	}

}
