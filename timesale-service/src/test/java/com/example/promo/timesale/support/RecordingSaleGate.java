package com.example.promo.timesale.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.example.promo.timesale.sale.SaleGate;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A {@link SaleGate} that only records its calls, for the product, sale and hold tests
 * until the order feature's gate exists
 * ({@code @Import(RecordingSaleGate.Config.class)}). Tests prove their invariants on the
 * database; the recorder is a secondary check (each order's units given back once, a
 * switched sale's gate dropped).
 */
public class RecordingSaleGate implements SaleGate {

	private final Map<Long, AtomicInteger> giveBacks = new ConcurrentHashMap<>();

	private final List<Long> invalidated = new CopyOnWriteArrayList<>();

	private final List<Long> prepared = new CopyOnWriteArrayList<>();

	@Override
	public String generation(long saleId) {
		return "recording";
	}

	@Override
	public void giveBack(long saleId, String userId, int units, String generation, long orderId) {
		this.giveBacks.computeIfAbsent(orderId, (id) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public void invalidate(long saleId) {
		this.invalidated.add(saleId);
	}

	@Override
	public void prepare(long saleId) {
		this.prepared.add(saleId);
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

	/** Registers the recorder as the application's {@link SaleGate}. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Config {

		// Primary only so that a merge bringing the real gate does not break these tests
		// before the recorder is dropped.
		@Bean
		@Primary
		RecordingSaleGate recordingSaleGate() {
			return new RecordingSaleGate();
		}

	}

}
