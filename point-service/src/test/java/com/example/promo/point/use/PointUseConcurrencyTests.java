package com.example.promo.point.use;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PointUseConcurrencyTests extends UseTestSupport {

	private static final String[] STRATEGIES = { "v1", "v2", "v3" };

	@Test
	void spendsOneAccountFromAThousandMixedRequestsWithoutOverspending() throws Exception {
		String user = newUser("stampede");
		fund(user, 4_000);
		fund(user, 6_000);
		int requests = 1_000;
		long amount = 30;

		List<Response> responses = concurrently(requests, 64,
				(i) -> use(user, "order-" + i, amount, STRATEGIES[i % STRATEGIES.length]));

		int created = 0;
		int insufficient = 0;
		List<String> queued = new ArrayList<>();
		for (Response response : responses) {
			switch (response.status()) {
				case 201 -> created++;
				case 202 -> queued.add(response.json().get("requestId").asString());
				case 409 -> {
					assertThat(response.code()).isEqualTo("INSUFFICIENT_POINTS");
					insufficient++;
				}
				default -> throw new AssertionError("unexpected answer " + response.status() + " " + response.body());
			}
		}
		int done = 0;
		for (String requestId : queued) {
			if (awaitDecided(requestId).equals("DONE")) {
				done++;
			}
			else {
				assertThat(this.jdbc.queryForObject("select reason from point_request where request_id = ?",
						String.class, requestId))
					.isEqualTo("INSUFFICIENT_POINTS");
			}
		}
		int successes = created + done;
		long balance = assertLedgerExact(user);
		assertThat(created + queued.size() + insufficient).isEqualTo(requests);
		assertThat(balance).isGreaterThanOrEqualTo(0);
		assertThat(successes * amount).isEqualTo(10_000 - balance);
		// Nobody was refused while the account could still pay them.
		assertThat(balance).isLessThan(amount);
		assertThat(count("select count(*) from point_use where user_id = ?", user)).isEqualTo(successes);
		assertThat(count("select count(*) from point_ledger_entry where user_id = ? and type = 'USE'", user))
			.isEqualTo(successes);
		assertThat(this.jdbc.queryForObject(
				"select coalesce(sum(ul.amount), 0) from point_use_lot ul join point_use u on u.id = ul.use_id"
						+ " where u.user_id = ?",
				Long.class, user))
			.isEqualTo(this.jdbc.queryForObject("select coalesce(sum(amount), 0) from point_use where user_id = ?",
					Long.class, user));
		assertThat(this.jdbc.queryForObject("select count(*) from point_use where user_id = ? and balance_after < 0",
				Integer.class, user))
			.isZero();
		assertThat(spendable(user)).isEqualTo(balance);
	}

	@Test
	void spendsOnceForOneOrderPressedTwentyTimesAtOnce() throws Exception {
		for (String strategy : STRATEGIES) {
			String user = newUser("pressed-" + strategy);
			fund(user, 100);

			List<Response> responses = concurrently(20, 20, (i) -> use(user, "same-order", 30, strategy));

			List<String> bodies = new ArrayList<>();
			for (Response response : responses) {
				assertThat(response.status()).as(strategy + " " + response.body()).isIn(201, 202);
				if (response.status() == 201) {
					bodies.add(response.body());
				}
				else {
					assertThat(response.json().get("requestId").asString())
						.isEqualTo(PointUseService.requestId(user, "same-order"));
				}
			}
			assertThat(bodies.stream().distinct().toList()).as(strategy).hasSizeLessThanOrEqualTo(1);
			if (strategy.equals("v3")) {
				assertThat(awaitDecided(PointUseService.requestId(user, "same-order"))).isEqualTo("DONE");
			}
			else {
				assertThat(bodies).as(strategy).hasSize(20);
			}
			assertThat(count("select count(*) from point_use where user_id = ?", user)).as(strategy).isEqualTo(1);
			assertThat(count("select count(*) from point_ledger_entry where user_id = ? and type = 'USE'", user))
				.as(strategy)
				.isEqualTo(1);
			assertThat(assertLedgerExact(user)).as(strategy).isEqualTo(70);
			Response replay = use(user, "same-order", 30, "v2");
			assertStatus(replay, 201);
			if (!bodies.isEmpty()) {
				assertThat(replay.body()).isEqualTo(bodies.get(0));
			}
			Response reused = use(user, "same-order", 31, strategy);
			assertStatus(reused, 422);
			assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
			// The gate kept no points for the repeats: the rest is still spendable.
			Response rest = use(user, "rest", 70, "v2");
			assertStatus(rest, 201);
			assertThat(assertLedgerExact(user)).isZero();
		}
	}

	@Test
	void aUseAndTheCancelOfItsOrderNeverBothStand() throws Exception {
		String user = newUser("race");
		fund(user, 10_000);
		int orders = 60;

		List<Response> responses = concurrently(orders * 2, 32,
				(i) -> (i % 2 == 0) ? use(user, "race-" + (i / 2), 10, STRATEGIES[(i / 2) % STRATEGIES.length])
						: cancel(user, "race-" + (i / 2)));

		for (int order = 0; order < orders; order++) {
			String orderId = "race-" + order;
			Response used = responses.get(2 * order);
			Response cancelled = responses.get(2 * order + 1);
			boolean tombstoned = count("select count(*) from point_use_tombstone where user_id = ? and order_id = ?",
					user, orderId) == 1;
			if (used.status() == 202) {
				awaitDecided(used.json().get("requestId").asString());
			}
			List<String> status = this.jdbc.queryForList(
					"select status from point_use where user_id = ? and order_id = ?", String.class, user, orderId);
			if (tombstoned) {
				// The cancel came first: 404, and the use is refused for good.
				assertThat(cancelled.status()).as(orderId).isEqualTo(404);
				assertThat(status).as(orderId).isEmpty();
				if (used.status() != 202) {
					assertThat(used.code()).as(orderId).isEqualTo("USE_CANCELLED");
				}
				else {
					assertThat(this.jdbc.queryForObject("select reason from point_request where request_id = ?",
							String.class, PointUseService.requestId(user, orderId)))
						.isEqualTo("USE_CANCELLED");
				}
			}
			else {
				// The use came first (a queued one written before the cancel): the cancel
				// gave it back.
				assertThat(used.status()).as(orderId + " " + used.body()).isIn(201, 202);
				if (used.status() == 202) {
					assertThat(requestStatus(PointUseService.requestId(user, orderId))).isEqualTo("DONE");
				}
				assertThat(cancelled.status()).as(orderId + " " + cancelled.body()).isEqualTo(200);
				assertThat(status).as(orderId).containsExactly("CANCELLED");
			}
		}
		assertThat(assertLedgerExact(user)).isEqualTo(10_000);
	}

	private static List<Response> concurrently(int requests, int threads, Call call) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Response>> futures = new ArrayList<>();
			for (int i = 0; i < requests; i++) {
				int n = i;
				futures.add(pool.submit(() -> {
					start.await();
					return call.make(n);
				}));
			}
			start.countDown();
			List<Response> responses = new ArrayList<>();
			for (Future<Response> future : futures) {
				responses.add(future.get());
			}
			return responses;
		}
		finally {
			pool.shutdownNow();
		}
	}

	@FunctionalInterface
	private interface Call {

		Response make(int i);

	}

}
