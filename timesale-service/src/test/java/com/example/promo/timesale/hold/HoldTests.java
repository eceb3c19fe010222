package com.example.promo.timesale.hold;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.example.promo.common.error.DomainException;
import com.example.promo.timesale.TimesaleErrorCode;
import com.example.promo.timesale.sale.SaleStock;
import com.example.promo.timesale.support.IntegrationTestSupport;
import com.example.promo.timesale.support.RecordingSaleGate;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HoldTests extends IntegrationTestSupport {

	@Autowired
	private Holds holds;

	@Autowired
	private HoldExpiryJob job;

	@Autowired
	private RecordingSaleGate gate;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private SaleStock stock;

	@Autowired
	private TransactionTemplate transactions;

	private HoldFixtures orders;

	@BeforeEach
	void fixtures() {
		this.orders = new HoldFixtures(this.jdbc, this.stock, this.transactions);
	}

	private static Instant inTenMinutes() {
		return Instant.now().plus(Duration.ofMinutes(10));
	}

	private static Instant aMinuteAgo() {
		return Instant.now().minus(Duration.ofMinutes(1));
	}

	private int buyerUnits(long saleId, String userId) {
		return this.jdbc.queryForObject("select quantity from sale_buyer where sale_id = ? and user_id = ?",
				Integer.class, saleId, userId);
	}

	private double counter(String name, String... tags) {
		var counter = this.meters.find(name).tags(tags).counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Test
	void cancelGivesTheUnitsBackOnceHoweverOftenItIsSent() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long order = this.orders.held(sale, "alice", 3, inTenMinutes());
		long other = this.orders.held(sale, "alice", 1, inTenMinutes());
		double cancelledBefore = counter("promo.timesale.orders.cancelled");

		assertThat(this.holds.cancel(order, "alice")).isEqualTo("CANCELLED");
		assertThat(this.holds.cancel(order, "alice")).isEqualTo("CANCELLED");

		assertThat(this.orders.status(order)).isEqualTo("CANCELLED");
		assertThat(this.orders.status(other)).isEqualTo("HELD");
		assertThat(this.jdbc.queryForObject(
				"select cancelled_at is not null and expired_at is null from sale_order" + " where id = ?",
				Boolean.class, order))
			.isTrue();
		assertThat(assertStockExact(sale, 0)).containsExactly(1, 0);
		assertThat(buyerUnits(sale, "alice")).isOne();
		assertThat(this.holds.expireIfDue(order)).isFalse();
		assertThat(this.gate.giveBacks(order)).isOne();
		assertThat(counter("promo.timesale.orders.cancelled") - cancelledBefore).isEqualTo(1);
	}

	@Test
	void theUnitsOfACancelledOrderCanBeHeldAgain() {
		long sale = liveSaleRow(1000, 2, 2, 600);
		long order = this.orders.held(sale, "alice", 2, inTenMinutes());

		this.holds.cancel(order, "alice");

		this.orders.held(sale, "bob", 2, inTenMinutes());
		assertThat(assertStockExact(sale, 0)).containsExactly(2, 0);
	}

	@Test
	void anotherUsersOrderOrAnUnknownOneIsNotFound() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long order = this.orders.held(sale, "alice", 1, inTenMinutes());

		assertThatThrownBy(() -> this.holds.cancel(order, "mallory")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.ORDER_NOT_FOUND);
		assertThatThrownBy(() -> this.holds.cancel(987654321L, "alice")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.ORDER_NOT_FOUND);
		assertThat(this.holds.expireIfDue(987654321L)).isFalse();

		assertThat(this.orders.status(order)).isEqualTo("HELD");
		assertThat(assertStockExact(sale, 0)).containsExactly(1, 0);
		assertThat(this.gate.giveBacks(order)).isZero();
	}

	@Test
	void aPaidOrRefundedOrderIsNotCancellable() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long paid = this.orders.held(sale, "alice", 2, inTenMinutes());
		long refunded = this.orders.held(sale, "bob", 1, aMinuteAgo());
		this.orders.paid(paid);
		this.orders.paid(refunded);
		this.jdbc.update("update sale_order set status = 'REFUNDED', refunded_at = now(6) where id = ?", refunded);

		assertThatThrownBy(() -> this.holds.cancel(paid, "alice")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.ORDER_NOT_CANCELLABLE);
		assertThatThrownBy(() -> this.holds.cancel(refunded, "bob")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.ORDER_NOT_CANCELLABLE);
		assertThat(this.holds.expireIfDue(refunded)).as("paid past its payBy: not a hold any more").isFalse();

		assertThat(this.orders.status(paid)).isEqualTo("PAID");
		assertThat(this.orders.status(refunded)).isEqualTo("REFUNDED");
		assertThat(this.jdbc.queryForObject("select sold_quantity from time_sale where id = ?", Integer.class, sale))
			.isEqualTo(3);
		assertThat(this.jdbc.queryForObject("select held_quantity from time_sale where id = ?", Integer.class, sale))
			.isZero();
		assertThat(this.gate.giveBacks(paid) + this.gate.giveBacks(refunded)).isZero();
	}

	@Test
	void aHoldPastPayByIsExpiredInsteadOfCancelled() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long order = this.orders.held(sale, "alice", 2, aMinuteAgo());
		double before = counter("promo.timesale.holds.expired", "by", "cancel");

		assertThat(this.holds.cancel(order, "alice")).isEqualTo("EXPIRED");
		assertThat(this.holds.cancel(order, "alice")).isEqualTo("EXPIRED");

		assertThat(this.orders.status(order)).isEqualTo("EXPIRED");
		assertThat(this.jdbc.queryForObject(
				"select expired_at is not null and cancelled_at is null from sale_order" + " where id = ?",
				Boolean.class, order))
			.isTrue();
		assertThat(assertStockExact(sale, 0)).containsExactly(0, 0);
		assertThat(this.gate.giveBacks(order)).isOne();
		assertThat(counter("promo.timesale.holds.expired", "by", "cancel") - before).isEqualTo(1);
	}

	@Test
	void lazyExpiryExpiresADueHoldOnceAndLeavesOthers() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long due = this.orders.held(sale, "alice", 2, aMinuteAgo());
		long notDue = this.orders.held(sale, "bob", 1, inTenMinutes());

		assertThat(this.holds.expireIfDue(notDue)).isFalse();
		assertThat(this.holds.expireIfDue(due)).isTrue();
		assertThat(this.holds.expireIfDue(due)).isFalse();

		assertThat(this.orders.status(due)).isEqualTo("EXPIRED");
		assertThat(this.orders.status(notDue)).isEqualTo("HELD");
		assertThat(assertStockExact(sale, 0)).containsExactly(1, 0);
		assertThat(buyerUnits(sale, "alice")).isZero();
		assertThat(this.gate.giveBacks(due)).isOne();
		assertThat(this.gate.giveBacks(notDue)).isZero();
	}

	@Test
	void aReadOfTheSaleExpiresItsDueHoldsSoItsCountsNeverWaitForTheSweep() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long due = this.orders.held(sale, "alice", 2, aMinuteAgo());
		long notDue = this.orders.held(sale, "bob", 1, inTenMinutes());
		long otherSale = liveSaleRow(1000, 10, 5, 600);
		long dueElsewhere = this.orders.held(otherSale, "carol", 1, aMinuteAgo());

		Response read = call("GET", "/api/timesales/" + sale, "dave", null);

		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().get("heldQuantity").asInt()).isEqualTo(1);
		assertThat(read.json().get("remainingQuantity").asInt()).isEqualTo(9);
		assertThat(this.orders.status(due)).isEqualTo("EXPIRED");
		assertThat(this.orders.status(notDue)).isEqualTo("HELD");
		assertThat(this.orders.status(dueElsewhere)).as("another sale's hold is the sweep's").isEqualTo("HELD");
		assertThat(call("GET", "/api/timesales/" + sale, "dave", null).json().get("heldQuantity").asInt()).isEqualTo(1);
		assertThat(assertStockExact(sale, 0)).containsExactly(1, 0);
		assertThat(this.gate.giveBacks(due)).isOne();
	}

	@Test
	void aHoldWhosePaymentIsRunningIsNeitherCancelledNorExpired() {
		long sale = liveSaleRow(1000, 10, 5, 600);
		long leasedDue = this.orders.held(sale, "alice", 1, aMinuteAgo());
		long leased = this.orders.held(sale, "alice", 1, inTenMinutes());
		this.orders.leased(leasedDue, Instant.now().plus(Duration.ofMinutes(1)));
		this.orders.leased(leased, Instant.now().plus(Duration.ofMinutes(1)));

		assertThatThrownBy(() -> this.holds.cancel(leased, "alice")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.PAYMENT_IN_PROGRESS);
		assertThatThrownBy(() -> this.holds.cancel(leasedDue, "alice")).isInstanceOf(DomainException.class)
			.extracting((ex) -> ((DomainException) ex).errorCode())
			.isEqualTo(TimesaleErrorCode.PAYMENT_IN_PROGRESS);
		assertThat(this.holds.expireIfDue(leasedDue)).isFalse();
		this.holds.expireDue(1000);

		assertThat(this.orders.status(leasedDue)).isEqualTo("HELD");
		assertThat(this.orders.status(leased)).isEqualTo("HELD");
		assertThat(assertStockExact(sale, 0)).containsExactly(2, 0);

		// The saga died: once its lease has run out, the hold ends as any other.
		this.orders.leased(leasedDue, Instant.now().minusSeconds(1));
		this.orders.leased(leased, Instant.now().minusSeconds(1));

		assertThat(this.holds.expireIfDue(leasedDue)).isTrue();
		assertThat(this.holds.cancel(leased, "alice")).isEqualTo("CANCELLED");
		assertThat(assertStockExact(sale, 0)).containsExactly(0, 0);
	}

	@Test
	void theSweepExpiresDueHoldsOldestFirstInRounds() {
		long sale = liveSaleRow(1000, 100, 100, 600);
		Instant longAgo = Instant.now().minus(Duration.ofDays(3650));
		long oldest = this.orders.held(sale, "alice", 1, longAgo);
		long older = this.orders.held(sale, "alice", 1, longAgo.plusSeconds(1));
		List<Long> due = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			due.add(this.orders.held(sale, "bob", 2, aMinuteAgo()));
		}
		long notDue = this.orders.held(sale, "carol", 3, inTenMinutes());
		double before = counter("promo.timesale.holds.expired", "by", "sweep");

		assertThat(this.holds.expireDue(2)).isEqualTo(2);

		assertThat(this.orders.status(oldest)).isEqualTo("EXPIRED");
		assertThat(this.orders.status(older)).isEqualTo("EXPIRED");
		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("HELD"));

		runSweep();

		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("EXPIRED"));
		assertThat(this.orders.status(notDue)).isEqualTo("HELD");
		assertThat(assertStockExact(sale, 0)).containsExactly(3, 0);
		assertThat(due).allSatisfy((order) -> assertThat(this.gate.giveBacks(order)).isOne());
		assertThat(counter("promo.timesale.holds.expired", "by", "sweep") - before).isGreaterThanOrEqualTo(7);
		assertThat(this.holds.expireDue(500)).as("nothing left due").isZero();
		assertThat(this.jdbc.queryForObject("select count(*) from shedlock where name = 'timesale-hold-expiry'",
				Integer.class))
			.as("the run took ShedLock's lock")
			.isOne();
	}

	@Test
	void theSweepRunsRoundsUntilNothingIsDue() {
		long sale = liveSaleRow(1000, 600, 600, 600);
		List<Long> due = this.orders.heldMany(sale, "whale", 520, aMinuteAgo());
		assertThat(due).hasSize(520);

		runSweep();

		assertThat(this.jdbc.queryForObject(
				"select count(*) from sale_order where sale_id = ? and status = 'EXPIRED' and expired_at is not null",
				Integer.class, sale))
			.isEqualTo(520);
		assertThat(assertStockExact(sale, 0)).containsExactly(0, 0);
		assertThat(buyerUnits(sale, "whale")).isZero();
		assertThat(due).allSatisfy((order) -> assertThat(this.gate.giveBacks(order)).isOne());
	}

	@Test
	void anOrderThatKeepsFailingDoesNotHoldBackTheOnesBehindIt() {
		long broken = liveSaleRow(1000, 10, 10, 600);
		long sale = liveSaleRow(1000, 10, 10, 600);
		Instant longAgo = Instant.now().minus(Duration.ofDays(3650 * 2));
		long poisonA = this.orders.held(broken, "poison", 1, longAgo);
		long poisonB = this.orders.held(broken, "poison", 1, longAgo.plusSeconds(1));
		// Counters that no longer match the orders: giving their units back breaks a
		// CHECK, every time.
		this.jdbc.update("update time_sale set held_quantity = 0 where id = ?", broken);
		List<Long> due = List.of(this.orders.held(sale, "dave", 1, aMinuteAgo()),
				this.orders.held(sale, "dave", 1, aMinuteAgo()), this.orders.held(sale, "erin", 2, aMinuteAgo()));

		int expired = this.holds.expireAllDue(2);

		assertThat(expired).isGreaterThanOrEqualTo(3);
		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("EXPIRED"));
		assertThat(assertStockExact(sale, 0)).containsExactly(0, 0);
		assertThat(this.orders.status(poisonA)).as("rolled back, left for the next run").isEqualTo("HELD");
		assertThat(this.orders.status(poisonB)).isEqualTo("HELD");
		assertThat(this.gate.giveBacks(poisonA) + this.gate.giveBacks(poisonB)).isZero();
		this.jdbc.update("update sale_order set status = 'CANCELLED', cancelled_at = now(6) where sale_id = ?", broken);
	}

	@Test
	void theSweepEndsEachSalesDueHoldsTogetherAndGivesEveryBuyerTheirUnitsBack() {
		long first = liveSaleRow(1000, 400, 10, 600);
		long second = liveSaleRow(1000, 400, 10, 600);
		List<Long> due = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			long sale = (i % 2 == 0) ? first : second;
			due.add(this.orders.held(sale, "together-" + (i % 40), 1 + i % 2, aMinuteAgo()));
		}
		long leased = this.orders.held(first, "together-leased", 1, aMinuteAgo());
		this.orders.leased(leased, inTenMinutes());
		long notDue = this.orders.held(second, "together-later", 2, inTenMinutes());
		double before = counter("promo.timesale.holds.expired", "by", "sweep");

		runSweep();

		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("EXPIRED"));
		assertThat(this.orders.status(leased)).as("its pay saga decides").isEqualTo("HELD");
		assertThat(this.orders.status(notDue)).isEqualTo("HELD");
		assertThat(assertStockExact(first, 0)).containsExactly(1, 0);
		assertThat(assertStockExact(second, 0)).containsExactly(2, 0);
		assertThat(this.jdbc.queryForObject(
				"select coalesce(sum(quantity), 0) from sale_buyer where sale_id in (?, ?) and user_id like 'together-%'",
				Integer.class, first, second))
			.as("every buyer's count back, the held ones kept")
			.isEqualTo(3);
		assertThat(due).allSatisfy((order) -> assertThat(this.gate.giveBacks(order)).isOne());
		assertThat(this.gate.giveBacks(leased) + this.gate.giveBacks(notDue)).isZero();
		assertThat(counter("promo.timesale.holds.expired", "by", "sweep") - before).isGreaterThanOrEqualTo(150);
	}

	@Test
	void aFailingOrderInASalesPageLeavesOnlyItselfHeld() {
		long sale = liveSaleRow(1000, 10, 10, 600);
		List<Long> due = List.of(this.orders.held(sale, "fine-1", 1, aMinuteAgo()),
				this.orders.held(sale, "fine-2", 2, aMinuteAgo()), this.orders.held(sale, "fine-3", 1, aMinuteAgo()));
		long poisoned = this.orders.held(sale, "miscounted", 1, aMinuteAgo());
		// The buyer's count no longer matches the order: giving its unit back breaks
		// ck_sale_buyer_limit, so the sale's one transaction fails every time.
		this.jdbc.update("update sale_buyer set quantity = 0 where sale_id = ? and user_id = 'miscounted'", sale);
		this.jdbc.update("update time_sale set held_quantity = held_quantity - 1 where id = ?", sale);

		int expired = this.holds.expireDueOf(sale);

		assertThat(expired).isEqualTo(3);
		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("EXPIRED"));
		assertThat(this.orders.status(poisoned)).as("rolled back, left for a later run").isEqualTo("HELD");
		assertThat(this.jdbc.queryForObject("select held_quantity from time_sale where id = ?", Integer.class, sale))
			.isZero();
		assertThat(this.gate.giveBacks(poisoned)).isZero();
		assertThat(due).allSatisfy((order) -> assertThat(this.gate.giveBacks(order)).isOne());
		this.jdbc.update("update sale_order set status = 'CANCELLED', cancelled_at = now(6) where id = ?", poisoned);
	}

	/**
	 * Runs the job once ShedLock's lock of an earlier run (held at least 1 s) is free.
	 */
	private void runSweep() {
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.jdbc.queryForObject(
					"select count(*) from shedlock where name = 'timesale-hold-expiry' and lock_until > now(3)",
					Integer.class) == 0);
		this.job.run();
	}

	@Test
	void cancelsAndExpiriesRacingOnTheSameOrdersReturnTheStockOnce() throws Exception {
		long sale = liveSaleRow(1000, 1000, 30, 600);
		List<Long> due = new ArrayList<>();
		List<Long> notDue = new ArrayList<>();
		List<Long> becomingDue = new ArrayList<>();
		List<String> buyers = new ArrayList<>();
		for (int i = 0; i < 60; i++) {
			String buyer = "racer-" + (i % 10);
			int quantity = 1 + i % 3;
			List<Long> group = (i % 3 == 0) ? due : (i % 3 == 1) ? notDue : becomingDue;
			Instant payBy = (i % 3 == 0) ? aMinuteAgo()
					: (i % 3 == 1) ? inTenMinutes() : Instant.now().plusMillis(1500);
			group.add(this.orders.held(sale, buyer, quantity, payBy));
			buyers.add(buyer);
		}
		List<Long> all = new ArrayList<>();
		all.addAll(due);
		all.addAll(notDue);
		all.addAll(becomingDue);
		int threads = 8;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		CountDownLatch start = new CountDownLatch(1);
		Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
		List<java.util.concurrent.Future<?>> done = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			done.add(pool.submit(() -> {
				start.await();
				long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
				int round = 0;
				while (System.nanoTime() < until || round < 2) {
					List<Long> shuffled = new ArrayList<>(all);
					Collections.shuffle(shuffled);
					for (int i = 0; i < shuffled.size(); i++) {
						long order = shuffled.get(i);
						try {
							switch ((thread + i + round) % 3) {
								case 0 -> this.holds.cancel(order, buyerOf(order));
								case 1 -> this.holds.expireIfDue(order);
								default -> this.holds.expireDue(5);
							}
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
					round++;
				}
				return null;
			}));
		}
		start.countDown();
		for (var future : done) {
			future.get(120, TimeUnit.SECONDS);
		}
		pool.shutdown();

		assertThat(failures).isEmpty();
		assertThat(due).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("EXPIRED"));
		assertThat(notDue).allSatisfy((order) -> assertThat(this.orders.status(order)).isEqualTo("CANCELLED"));
		assertThat(becomingDue)
			.allSatisfy((order) -> assertThat(this.orders.status(order)).isIn("CANCELLED", "EXPIRED"));
		assertThat(this.jdbc.queryForObject("""
				select count(*) from sale_order where sale_id = ?
				   and ((status = 'CANCELLED') <> (cancelled_at is not null)
				        or (status = 'EXPIRED') <> (expired_at is not null))""", Integer.class, sale))
			.as("each order ended once, with the matching time")
			.isZero();
		assertThat(assertStockExact(sale, 0)).containsExactly(0, 0);
		assertThat(this.jdbc.queryForObject("select coalesce(sum(quantity), 0) from sale_buyer where sale_id = ?",
				Integer.class, sale))
			.isZero();
		assertThat(all).allSatisfy((order) -> assertThat(this.gate.giveBacks(order)).as("order %d", order).isOne());
	}

	private String buyerOf(long orderId) {
		return this.jdbc.queryForObject("select user_id from sale_order where id = ?", String.class, orderId);
	}

}
