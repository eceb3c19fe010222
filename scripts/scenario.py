#!/usr/bin/env python3
"""The flash sale's scenario, end to end through the gateway, on the running suite (scripts/up.sh); CI runs it.

Every check prints one line (PASS/FAIL, its numbers); the run ends with a summary and exits 1 if any check
failed. Each run makes its own products, sales, coupons and users (ids with a run-unique suffix), so it can
be re-run on the same databases. The sections (DESIGN.md §4.3):
  a  stampede: a 100-unit sale (perUserLimit 1), 300 distinct buyers at the same instant, v1/v2/v3 in turn;
     exactly 100 units held (timesale_db and GET), nobody twice, every success has its order, every refusal
     SALE_SOLD_OUT
  b  per-user limit: perUserLimit 2, one user x 10 concurrent orders (mixed) -> exactly 2 units; quantity 3
     alone -> 409 PURCHASE_LIMIT_EXCEEDED (each strategy)
  c  release once: one HELD order cancelled 5 times at once -> all 200, its unit back exactly once, which one
     of three new buyers (v1, v2, v3 at once) then takes
  d  hold expiry (holdSeconds 2): a GET after payBy reads EXPIRED (lazy), a late pay is 409 HOLD_EXPIRED and
     expires the order itself, the sweep expires an order nobody reads; stock back once each
  e  pay saga with the real coupon-service and point-service: FIXED 3,000 KRW coupon + 1,000 points -> PAID,
     coupon USED, points spent, one PURCHASE_REWARD lot of floor(paidAmount x 0.01) (and only one)
  f  compensation: points above the balance -> 409 INSUFFICIENT_POINTS, the coupon given back, the order
     still HELD, the balance unchanged; a valid pay then succeeds
  g  refund of (e): REFUNDED, coupon ISSUED again, points back, the unit back to the live sale, the reward
     revoked; a second refund is 409 REFUND_NOT_ALLOWED
  h  ownership: another user's order and request are 404 to every endpoint; a user on admin endpoints: 403
  i  bad input: quantity 0 / -1 / "x" / missing / 1.5 -> 400 naming quantity, nothing written; strategy v9
     -> 400; unknown sale -> 404 SALE_NOT_FOUND; pay points -1 or above what is due -> 400 naming points;
     no token -> 401
  j  idempotency: an order repeated with its Idempotency-Key (v1, v2) answers the first order again, once;
     the same key with another quantity is 422 IDEMPOTENCY_KEY_REUSED; 5 presses at once with one key (a
     double click; v1, v2) make one order and are all answered it

    scripts/scenario.sh [--gateway http://127.0.0.1:4000] [--only a,b,...] [--reward-timeout 30]

Standard library only; timesale_db and point_db are read with the mysql/mariadb client (scripts/lib/promo.py).
"""
import argparse
import collections
import datetime
import os
import random
import sys
import time
import traceback

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from promo import (ADMIN, POINT_DB, TIMESALE_DB, at_once, call, create_coupon, create_product,  # noqa: E402
                   create_sale, grant_points, order, poll_until, sale_counts, sale_state, settle_order_requests,
                   sql, sql_ids, sql_row, sql_rows, token)

STRATEGIES = ("v1", "v2", "v3")


class Scenario:
    """The run: the gateway, a run-unique prefix for every id, and the checks so far."""

    def __init__(self, gateway, reward_timeout):
        self.g = gateway
        self.reward_timeout = reward_timeout
        self.run = datetime.datetime.now().strftime("%m%d%H%M%S") + f"{random.randrange(1000):03d}"
        self.results = []

    # --- reporting ---------------------------------------------------------------------------------------------
    def check(self, name, ok, detail):
        self.results.append((name, bool(ok)))
        print(f"{'PASS' if ok else 'FAIL'} {name}: {detail}", flush=True)
        return ok

    def user(self, section, name):
        return f"sc{self.run}-{section}-{name}"

    # --- calls -------------------------------------------------------------------------------------------------
    def get(self, user, path):
        return call(self.g, "GET", path, token(user))

    def post(self, user, path, body=None, headers=None):
        return call(self.g, "POST", path, token(user), body, headers)

    def order_of(self, user, order_id):
        return self.get(user, f"/api/timesales/orders/{order_id}")

    def pay(self, user, order_id, body):
        return self.post(user, f"/api/timesales/orders/{order_id}/pay", body)

    def cancel(self, user, order_id):
        return self.post(user, f"/api/timesales/orders/{order_id}/cancel")

    def refund(self, user, order_id):
        return self.post(user, f"/api/timesales/orders/{order_id}/refund")

    def balance(self, user):
        status, _, body = self.get(user, "/api/points/me")
        return body.get("balance") if status == 200 and isinstance(body, dict) else f"HTTP {status} {body}"

    def lots(self, user):
        status, _, body = self.get(user, "/api/points/me/lots?size=100")
        if status != 200:
            return []
        return body.get("content", []) if isinstance(body, dict) else body

    def history(self, user, entry_type):
        status, _, body = self.get(user, f"/api/points/me/history?type={entry_type}&size=100")
        if status != 200:
            return []
        return body.get("content", []) if isinstance(body, dict) else body

    def issued_coupon(self, user, issued_id):
        status, _, body = self.get(user, f"/api/coupons/issued/{issued_id}")
        return body if status == 200 else {"status": f"HTTP {status}", "body": body}

    def issue_coupon(self, user, coupon_id):
        status, _, body = self.post(user, f"/api/coupons/{coupon_id}/issue?strategy=v1")
        if status != 201:
            raise SystemExit(f"issuing coupon {coupon_id} to {user} failed: {status} {body}")
        return body["id"]

    def hold(self, user, sale_id, strategy="v1", quantity=1):
        """An order that must succeed: its id (a v3 request is followed until HELD)."""
        status, headers, body = order(self.g, sale_id, user, strategy, quantity)
        if status == 201:
            return body["orderId"]
        if status == 202:
            outcome = settle_order_requests(self.g, [(user, body, headers)])[body["requestId"]]
            if outcome.get("status") == "HELD":
                return outcome["orderId"]
            raise SystemExit(f"v3 order of {user} on sale {sale_id}: {outcome}")
        raise SystemExit(f"order of {user} on sale {sale_id} ({strategy}) failed: {status} {body}")

    def sale(self, name, stock, per_user_limit=1, hold_seconds=600, sale_price=10_000, list_price=20_000):
        product = create_product(self.g, f"scenario {self.run} {name}", list_price)
        return create_sale(self.g, product, sale_price, stock, per_user_limit, hold_seconds)

    def press(self, sale_id, pairs, quantity=1):
        """(user, strategy) pairs order at the same instant; the v3 requests are followed to their outcome.
        Returns the answers [(user, strategy, status, headers, body)], the v3 outcomes {requestId: body} and ms."""
        results, elapsed = at_once([lambda u=u, s=s: order(self.g, sale_id, u, s, quantity) for u, s in pairs])
        answers = [(u, s, *r) for (u, s), r in zip(pairs, results)]
        queued = [(u, body, headers) for u, _, status, headers, body in answers if status == 202]
        outcomes = settle_order_requests(self.g, queued) if queued else {}
        return answers, outcomes, round(elapsed * 1000)


# --- helpers for the checks ---------------------------------------------------------------------------------------

def statuses(answers):
    return dict(sorted(collections.Counter(a[2] for a in answers).items()))


def codes(answers):
    return dict(collections.Counter(a[4].get("code") if isinstance(a[4], dict) else a[4]
                                    for a in answers if a[2] >= 400))


def names_field(body, field):
    """Whether a 400 ProblemDetail names the field (errors[].field, else its detail)."""
    if not isinstance(body, dict):
        return False
    fields = [e.get("field", "") for e in body.get("errors") or [] if isinstance(e, dict)]
    return any(f == field or f.endswith("." + field) for f in fields) or (not fields and field in (body.get("detail") or ""))


def brief(answer):
    status, _, body = answer
    if isinstance(body, dict):
        body = {k: body[k] for k in ("code", "status", "detail", "errors", "orderId") if k in body}
    return f"{status} {body}"


# --- a: stampede --------------------------------------------------------------------------------------------------

def stampede(sc):
    units, buyers = 100, 300
    sale_id = sc.sale("stampede", units)
    pairs = [(sc.user("a", i), STRATEGIES[i % 3]) for i in range(buyers)]
    answers, outcomes, ms = sc.press(sale_id, pairs)
    by_status = statuses(answers)
    sc.check("a1 stampede answers", set(by_status) <= {201, 202, 409},
             f"{buyers} buyers, sale {sale_id}: {by_status} in {ms} ms")
    created = [(u, body) for u, _, status, _, body in answers if status == 201]
    waiting = [body for _, _, status, _, body in answers if status == 202]
    sc.check("a2 v3 answers WAITING with a position",
             all(b.get("status") == "WAITING" and isinstance(b.get("position"), int) and b["position"] >= 0
                 for b in waiting),
             f"{len(waiting)} 202s, positions {min((b.get('position') for b in waiting), default='-')}.."
             f"{max((b.get('position') for b in waiting), default='-')}")
    owner_of_request = {body["requestId"]: u for u, _, status, _, body in answers if status == 202}
    held_polls = {rid: o for rid, o in outcomes.items() if o.get("status") == "HELD"}
    rejected = [o for o in outcomes.values() if o.get("status") == "REJECTED"]
    undecided = [o for o in outcomes.values() if o.get("status") not in ("HELD", "REJECTED")]
    counts = sale_counts(sale_id)
    sale = sale_state(sc.g, sale_id)
    sc.check("a3 exactly 100 units held (timesale_db)",
             counts["held"] == units == counts["byStatus"]["HELD"]["units"] == counts["byStatus"]["HELD"]["orders"]
             == counts["orders"] == counts["buyerUnits"] and counts["sold"] == 0,
             f"held_quantity {counts['held']}, HELD orders {counts['byStatus']['HELD']['orders']} "
             f"({counts['byStatus']['HELD']['units']} units), all orders {counts['orders']}, "
             f"sale_buyer units {counts['buyerUnits']}, sold {counts['sold']}")
    sc.check("a4 the API agrees: remainingQuantity 0, SOLD_OUT",
             sale.get("remainingQuantity") == 0 and sale.get("heldQuantity") == units and sale.get("status") == "SOLD_OUT",
             f"heldQuantity {sale.get('heldQuantity')}, soldQuantity {sale.get('soldQuantity')}, "
             f"remainingQuantity {sale.get('remainingQuantity')}, status {sale.get('status')}")
    db_orders = {int(oid): user for oid, user in
                 sql_rows(f"select id, user_id from sale_order where sale_id = {sale_id}", TIMESALE_DB)}
    users_twice = len(db_orders) - len(set(db_orders.values()))
    sc.check("a5 nobody holds twice",
             users_twice == 0 and counts["usersOverLimit"] == 0 and counts["buyerMismatches"] == 0
             and counts["duplicateRequests"] == 0,
             f"users with 2 orders {users_twice}, over the limit {counts['usersOverLimit']}, sale_buyer != orders "
             f"{counts['buyerMismatches']}, request ids with 2 orders {counts['duplicateRequests']}")
    told = {int(body["orderId"]): u for u, body in created}
    told.update({int(o["orderId"]): owner_of_request[rid] for rid, o in held_polls.items() if o.get("orderId")})
    wrong_owner = [oid for oid, u in told.items() if db_orders.get(oid) != u]
    sc.check("a6 every success has its order",
             len(created) + len(held_polls) == units and set(told) == set(db_orders) and not wrong_owner
             and all(body.get("status") == "HELD" for _, body in created),
             f"201 {len(created)} + HELD polls {len(held_polls)} = {len(created) + len(held_polls)}; "
             f"told order ids {len(told)}, in the database {len(db_orders)}, told but missing "
             f"{len(set(told) - set(db_orders))}, held but never told {len(set(db_orders) - set(told))}, "
             f"wrong owner {len(wrong_owner)}")
    refusal_codes = codes(answers)
    reasons = dict(collections.Counter(o.get("reason") for o in rejected))
    sc.check("a7 every refusal SALE_SOLD_OUT",
             set(refusal_codes) <= {"SALE_SOLD_OUT"} and set(reasons) <= {"SALE_SOLD_OUT"} and not undecided,
             f"409 codes {refusal_codes}, v3 REJECTED reasons {reasons}, v3 undecided {len(undecided)}")
    recorded = sql_row(f"select count(*), coalesce(sum(status = 'HELD'), 0) from order_request "
                       f"where request_id in ({sql_ids(list(outcomes))})", TIMESALE_DB)
    sc.check("a8 v3 outcomes recorded", recorded == [len(outcomes), len(held_polls)],
             f"order_request rows {recorded[0]} (HELD {recorded[1]}) for {len(outcomes)} 202s "
             f"({len(held_polls)} HELD polls)")
    per_strategy = {s: collections.Counter() for s in STRATEGIES}
    for u, s, status, headers, body in answers:
        outcome = outcomes.get(body.get("requestId")) if status == 202 and isinstance(body, dict) else None
        per_strategy[s]["held" if status == 201 or (outcome or {}).get("status") == "HELD" else "refused"] += 1
        per_strategy[s]["servedBy " + str(headers.get("X-Strategy"))] += 1
    served_ok = all(headers.get("X-Strategy") == s for _, s, _, headers, _ in answers)
    sc.check("a9 X-Strategy names the strategy asked for", served_ok,
             "; ".join(f"{s}: {dict(c)}" for s, c in per_strategy.items()))


# --- b: per-user limit --------------------------------------------------------------------------------------------

def per_user_limit(sc):
    sale_id = sc.sale("limit", 100, per_user_limit=2)
    user = sc.user("b", "one")
    answers, outcomes, ms = sc.press(sale_id, [(user, STRATEGIES[i % 3]) for i in range(10)])
    held = sum(1 for a in answers if a[2] == 201) + sum(1 for o in outcomes.values() if o.get("status") == "HELD")
    counts = sale_counts(sale_id)
    mine = sql_row(f"select count(*), coalesce(sum(quantity), 0) from sale_order where sale_id = {sale_id} "
                   f"and user_id = '{user}' and status = 'HELD'", TIMESALE_DB)
    buyer = sql(f"select quantity from sale_buyer where sale_id = {sale_id} and user_id = '{user}'", TIMESALE_DB)
    sc.check("b1 one user x 10 concurrent orders -> exactly 2 units",
             held == 2 and mine == [2, 2] and buyer == 2 and counts["held"] == 2,
             f"answers {statuses(answers)} in {ms} ms; told HELD {held}; HELD orders {mine[0]} ({mine[1]} units), "
             f"sale_buyer {buyer}, held_quantity {counts['held']}")
    reasons = collections.Counter(o.get("reason") for o in outcomes.values() if o.get("status") != "HELD")
    refusals = codes(answers)
    sc.check("b2 the others refused PURCHASE_LIMIT_EXCEEDED",
             set(refusals) | set(reasons) <= {"PURCHASE_LIMIT_EXCEEDED"} and set(statuses(answers)) <= {201, 202, 409},
             f"409 codes {refusals}, v3 reasons {dict(reasons)}")
    for strategy in STRATEGIES:
        answer = order(sc.g, sale_id, sc.user("b", f"three-{strategy}"), strategy, quantity=3)
        sc.check(f"b3 quantity 3 alone ({strategy}) -> 409 PURCHASE_LIMIT_EXCEEDED",
                 answer[0] == 409 and isinstance(answer[2], dict) and answer[2].get("code") == "PURCHASE_LIMIT_EXCEEDED",
                 brief(answer))
    after = sale_counts(sale_id)
    sc.check("b4 the refusals wrote nothing", after["held"] == 2 and after["orders"] == 2 and after["buyerUnits"] == 2,
             f"held_quantity {after['held']}, orders {after['orders']}, sale_buyer units {after['buyerUnits']}")


# --- c: release once ----------------------------------------------------------------------------------------------

def release_once(sc):
    sale_id = sc.sale("release", 2)
    x, w = sc.user("c", "x"), sc.user("c", "w")
    order_id = sc.hold(x, sale_id, "v1")
    sc.hold(w, sale_id, "v2")
    probe = order(sc.g, sale_id, sc.user("c", "probe"), "v1")
    sc.check("c1 two holders, the sale sold out", probe[0] == 409 and probe[2].get("code") == "SALE_SOLD_OUT",
             f"a third buyer: {brief(probe)}")
    before = sale_counts(sale_id)
    results, ms = at_once([lambda: sc.cancel(x, order_id) for _ in range(5)])
    final = [r[2].get("status") if isinstance(r[2], dict) else None for r in results]
    sc.check("c2 the same order cancelled 5 times at once -> all 200 CANCELLED",
             all(r[0] == 200 for r in results) and set(final) == {"CANCELLED"},
             f"statuses {[r[0] for r in results]}, order status {set(final)} in {round(ms * 1000)} ms")
    after = sale_counts(sale_id)
    sale = sale_state(sc.g, sale_id)
    buyer = sql(f"select quantity from sale_buyer where sale_id = {sale_id} and user_id = '{x}'", TIMESALE_DB)
    sc.check("c3 its unit back exactly once",
             before["held"] - after["held"] == 1 and sale.get("remainingQuantity") == 1
             and sale.get("heldQuantity") == 1 and buyer == 0 and after["heldMismatch"] == 0
             and after["byStatus"]["CANCELLED"]["orders"] == 1,
             f"held_quantity {before['held']} -> {after['held']}, GET remainingQuantity {sale.get('remainingQuantity')}"
             f" heldQuantity {sale.get('heldQuantity')}, the buyer's units {buyer}, CANCELLED orders "
             f"{after['byStatus']['CANCELLED']['orders']}")
    pairs = [(sc.user("c", f"new-{s}"), s) for s in STRATEGIES]
    answers, outcomes, _ = sc.press(sale_id, pairs)
    took = [u for u, _, status, _, _ in answers if status == 201] + [
        u for u, _, status, _, body in answers if status == 202 and outcomes[body["requestId"]].get("status") == "HELD"]
    final_counts = sale_counts(sale_id)
    sc.check("c4 one of three new buyers (v1, v2, v3 at once) takes that unit, and only one",
             len(took) == 1 and final_counts["held"] == 2 and final_counts["byStatus"]["HELD"]["orders"] == 2
             and final_counts["remaining"] == 0,
             f"took it: {took}; answers {statuses(answers)}; held_quantity {final_counts['held']}, HELD orders "
             f"{final_counts['byStatus']['HELD']['orders']}")


# --- d: hold expiry -----------------------------------------------------------------------------------------------

def hold_expiry(sc):
    sale_id = sc.sale("expiry", 5, hold_seconds=2)
    lazy, late, swept = sc.user("d", "lazy"), sc.user("d", "late"), sc.user("d", "swept")
    lazy_order = sc.hold(lazy, sale_id, "v1")
    late_order = sc.hold(late, sale_id, "v2")
    swept_order = sc.hold(swept, sale_id, "v3")
    held = sale_counts(sale_id)
    sc.check("d1 three holds of 2 s", held["held"] == 3, f"held_quantity {held['held']}")
    time.sleep(3)
    status, _, body = sc.order_of(lazy, lazy_order)
    sc.check("d2 a GET after payBy reads EXPIRED",
             status == 200 and body.get("status") == "EXPIRED" and body.get("expiredAt"),
             f"{status} status {body.get('status') if isinstance(body, dict) else body}, expiredAt "
             f"{body.get('expiredAt') if isinstance(body, dict) else '-'}")
    answer = sc.pay(lazy, lazy_order, {})
    sc.check("d3 a pay of the expired order -> 409 HOLD_EXPIRED",
             answer[0] == 409 and isinstance(answer[2], dict) and answer[2].get("code") == "HOLD_EXPIRED", brief(answer))
    answer = sc.pay(late, late_order, {})
    status, _, body = sc.order_of(late, late_order)
    sc.check("d4 a late pay (nobody read it) -> 409 HOLD_EXPIRED, and the order reads EXPIRED",
             answer[0] == 409 and isinstance(answer[2], dict) and answer[2].get("code") == "HOLD_EXPIRED"
             and body.get("status") == "EXPIRED",
             f"pay: {brief(answer)}; then GET: {status} {body.get('status') if isinstance(body, dict) else body}")
    seconds = poll_until(lambda: sql(f"select status = 'EXPIRED' from sale_order where id = {int(swept_order)}",
                                     TIMESALE_DB) == 1, 60, pause=0.5)
    sc.check("d5 the sweep expires an order nobody reads", seconds is not None,
             f"order {swept_order} EXPIRED in timesale_db {f'{seconds + 3:.1f} s after the hold' if seconds is not None else 'not within 60 s'}")
    counts = sale_counts(sale_id)
    sale = sale_state(sc.g, sale_id)
    sc.check("d6 stock back once per expired order",
             counts["held"] == 0 and counts["byStatus"]["EXPIRED"]["orders"] == 3 and counts["buyerUnits"] == 0
             and sale.get("remainingQuantity") == 5 and counts["heldMismatch"] == 0,
             f"held_quantity {counts['held']}, EXPIRED orders {counts['byStatus']['EXPIRED']['orders']}, sale_buyer "
             f"units {counts['buyerUnits']}, GET remainingQuantity {sale.get('remainingQuantity')}")
    again = order(sc.g, sale_id, late, "v2")
    sc.check("d7 the buyer whose hold expired may order again (v2: the gate got the unit back too)",
             again[0] == 201, brief(again))


# --- e, f, g: pay saga, compensation, refund ----------------------------------------------------------------------

SALE_PRICE, COUPON_OFF, POINTS_PAID = 30_000, 3_000, 1_000


def pay_saga(sc, state):
    sale_id = sc.sale("pay", 10, per_user_limit=1, sale_price=SALE_PRICE, list_price=50_000)
    coupon_id = create_coupon(sc.g, f"scenario {sc.run} pay", 10, per_user_limit=1, discount_value=COUPON_OFF,
                              min_order_amount=20_000)
    buyer = sc.user("e", "buyer")
    issued = sc.issue_coupon(buyer, coupon_id)
    grant_points(sc.g, buyer, 5_000, f"sc{sc.run}-e-grant", reason="scenario")
    balance_before = sc.balance(buyer)
    order_id = sc.hold(buyer, sale_id, "v1")
    state.update(sale_id=sale_id, coupon_id=coupon_id, buyer=buyer, issued=issued, order_id=order_id)
    status, _, paid = sc.pay(buyer, order_id, {"issuedCouponId": issued, "points": POINTS_PAID})
    expected_paid = SALE_PRICE - COUPON_OFF - POINTS_PAID
    paid = paid if isinstance(paid, dict) else {"body": paid}
    sc.check("e1 pay {coupon, 1000 points} -> 200 PAID",
             status == 200 and paid.get("status") == "PAID" and paid.get("couponDiscount") == COUPON_OFF
             and paid.get("pointsUsed") == POINTS_PAID and paid.get("paidAmount") == expected_paid
             and paid.get("paidAt"),
             f"{status} status {paid.get('status')}, totalAmount {paid.get('totalAmount')}, couponDiscount "
             f"{paid.get('couponDiscount')}, pointsUsed {paid.get('pointsUsed')}, paidAmount {paid.get('paidAmount')} "
             f"(expected {expected_paid})" + ("" if status == 200 else f" {paid}"))
    coupon = sc.issued_coupon(buyer, issued)
    sc.check("e2 the coupon reads USED", coupon.get("status") == "USED" and coupon.get("discountAmount") == COUPON_OFF,
             f"status {coupon.get('status')}, orderId {coupon.get('orderId')}, discountAmount {coupon.get('discountAmount')}")
    counts = sale_counts(sale_id)
    sc.check("e3 the unit sold", counts["sold"] == 1 and counts["held"] == 0 and counts["byStatus"]["PAID"]["orders"] == 1,
             f"sold_quantity {counts['sold']}, held_quantity {counts['held']}, PAID orders "
             f"{counts['byStatus']['PAID']['orders']}")
    reward = expected_paid // 100  # floor(paidAmount x 0.01)
    state["reward"] = reward

    def reward_lots():
        return [lot for lot in sc.lots(buyer) if lot.get("source") == "PURCHASE_REWARD"]

    seconds = poll_until(lambda: reward_lots(), sc.reward_timeout, pause=0.5)
    first = reward_lots()
    time.sleep(3)
    again = reward_lots()
    in_db = sql(f"select count(*) from point_lot where user_id = '{buyer}' and source = 'PURCHASE_REWARD'", POINT_DB)
    sc.check(f"e4 one PURCHASE_REWARD lot of floor({expected_paid} x 0.01) = {reward}",
             seconds is not None and len(first) == 1 and first[0].get("amount") == reward and len(again) == 1
             and in_db == 1,
             (f"appeared after {seconds:.1f} s" if seconds is not None else f"none within {sc.reward_timeout} s")
             + f"; lots {[(lot.get('amount'), lot.get('remaining')) for lot in first]}, 3 s later "
             f"{len(again)}, in point_db {in_db}")
    state["balance_after_reward"] = balance = sc.balance(buyer)
    use = sql_row(f"select count(*), coalesce(sum(amount), 0) from point_use where user_id = '{buyer}' "
                  f"and status = 'USED'", POINT_DB)
    # read once the reward has landed (it may come before any read): granted - used + reward
    sc.check("e5 the points balance dropped by 1000 (then the reward came)",
             use == [1, POINTS_PAID] and balance == balance_before - POINTS_PAID + reward,
             f"{balance_before} - {POINTS_PAID} + reward {reward} = {balance}; point_use USED {use[0]} of {use[1]} points")
    replay = sc.pay(buyer, order_id, {"issuedCouponId": issued, "points": POINTS_PAID})
    sc.check("e6 a second pay -> 409 ORDER_NOT_PAYABLE, nothing more taken",
             replay[0] == 409 and isinstance(replay[2], dict) and replay[2].get("code") == "ORDER_NOT_PAYABLE"
             and sc.balance(buyer) == state["balance_after_reward"],
             f"{brief(replay)}; balance {state['balance_after_reward']} -> {sc.balance(buyer)}")
    cancel = sc.cancel(buyer, order_id)
    status, _, body = sc.order_of(buyer, order_id)
    sc.check("e7 a cancel of the PAID order -> 409 ORDER_NOT_CANCELLABLE, still PAID",
             cancel[0] == 409 and isinstance(cancel[2], dict) and cancel[2].get("code") == "ORDER_NOT_CANCELLABLE"
             and body.get("status") == "PAID" and sale_counts(sale_id)["sold"] == 1,
             f"{brief(cancel)}; order {body.get('status')}")


def compensation(sc, state):
    if "sale_id" not in state:
        return sc.check("f0 compensation", False, "needs section e's sale")
    sale_id, coupon_id = state["sale_id"], state["coupon_id"]
    buyer = sc.user("f", "buyer")
    issued = sc.issue_coupon(buyer, coupon_id)
    grant_points(sc.g, buyer, 2_000, f"sc{sc.run}-f-grant", reason="scenario")
    balance_before = sc.balance(buyer)
    order_id = sc.hold(buyer, sale_id, "v2")
    held_before = sale_counts(sale_id)
    answer = sc.pay(buyer, order_id, {"issuedCouponId": issued, "points": 5_000})
    sc.check("f1 points above the balance -> 409 INSUFFICIENT_POINTS",
             answer[0] == 409 and isinstance(answer[2], dict) and answer[2].get("code") == "INSUFFICIENT_POINTS",
             brief(answer))
    coupon = sc.issued_coupon(buyer, issued)
    sc.check("f2 the coupon given back (ISSUED)", coupon.get("status") == "ISSUED",
             f"status {coupon.get('status')}, orderId {coupon.get('orderId')}")
    status, _, body = sc.order_of(buyer, order_id)
    counts = sale_counts(sale_id)
    sc.check("f3 the order still HELD, its unit still held",
             body.get("status") == "HELD" and counts["held"] == held_before["held"] and counts["sold"] == held_before["sold"],
             f"order {status} {body.get('status')}; held_quantity {held_before['held']} -> {counts['held']}, "
             f"sold {held_before['sold']} -> {counts['sold']}")
    balance = sc.balance(buyer)
    sc.check("f4 the points balance unchanged", balance == balance_before, f"{balance_before} -> {balance}")
    status, _, paid = sc.pay(buyer, order_id, {"issuedCouponId": issued, "points": POINTS_PAID})
    paid = paid if isinstance(paid, dict) else {"body": paid}
    coupon = sc.issued_coupon(buyer, issued)
    # the balance once this order's purchase reward has landed: granted - used + reward
    reward = (paid.get("paidAmount") or 0) // 100
    poll_until(lambda: sql(f"select count(*) from point_lot where user_id = '{buyer}' and source = 'PURCHASE_REWARD'",
                           POINT_DB) > 0, sc.reward_timeout, pause=0.5)
    balance = sc.balance(buyer)
    sc.check("f5 pay again with valid points -> 200 PAID",
             status == 200 and paid.get("status") == "PAID" and paid.get("couponDiscount") == COUPON_OFF
             and paid.get("pointsUsed") == POINTS_PAID and balance == balance_before - POINTS_PAID + reward
             and coupon.get("status") == "USED",
             f"{status} {paid.get('status')}, couponDiscount {paid.get('couponDiscount')}, pointsUsed "
             f"{paid.get('pointsUsed')}, paidAmount {paid.get('paidAmount')}, balance {balance_before} - {POINTS_PAID} "
             f"+ reward {reward} = {balance}, coupon {coupon.get('status')}" + ("" if status == 200 else f" {paid}"))


def refund(sc, state):
    if "order_id" not in state:
        return sc.check("g0 refund", False, "needs section e's order")
    buyer, order_id, issued, sale_id = state["buyer"], state["order_id"], state["issued"], state["sale_id"]
    before = sale_counts(sale_id)
    status, _, body = sc.refund(buyer, order_id)
    body = body if isinstance(body, dict) else {"body": body}
    sc.check("g1 refund -> 200 REFUNDED", status == 200 and body.get("status") == "REFUNDED" and body.get("refundedAt"),
             f"{status} {body.get('status')}, refundedAt {body.get('refundedAt')}" + ("" if status == 200 else f" {body}"))
    coupon = sc.issued_coupon(buyer, issued)
    sc.check("g2 the coupon ISSUED again", coupon.get("status") == "ISSUED", f"status {coupon.get('status')}")
    use = sql_row(f"select count(*), coalesce(sum(status = 'CANCELLED'), 0), coalesce(sum(restored), 0) "
                  f"from point_use where user_id = '{buyer}'", POINT_DB)
    sc.check("g3 the points given back", use == [1, 1, POINTS_PAID],
             f"point_use rows {use[0]}, CANCELLED {use[1]}, restored {use[2]}")
    after = sale_counts(sale_id)
    sale = sale_state(sc.g, sale_id)
    buyer_units = sql(f"select quantity from sale_buyer where sale_id = {sale_id} and user_id = '{buyer}'", TIMESALE_DB)
    sc.check("g4 the unit back to the live sale",
             after["sold"] == before["sold"] - 1 and after["remaining"] == before["remaining"] + 1 and buyer_units == 0
             and sale.get("status") == "LIVE" and after["soldMismatch"] == 0 and after["byStatus"]["REFUNDED"]["orders"] == 1,
             f"sold_quantity {before['sold']} -> {after['sold']}, remaining {before['remaining']} -> {after['remaining']},"
             f" the buyer's units {buyer_units}, sale {sale.get('status')}")

    def revoked():
        return [e for e in sc.history(buyer, "REVOKE")]

    seconds = poll_until(lambda: revoked(), sc.reward_timeout, pause=0.5)
    time.sleep(2)
    entries = revoked()
    lot = sql_row(f"select count(*), coalesce(sum(remaining), 0) from point_lot where user_id = '{buyer}' "
                  f"and source = 'PURCHASE_REWARD'", POINT_DB)
    balance = sc.balance(buyer)
    sc.check("g5 the reward revoked once",
             seconds is not None and len(entries) == 1 and entries[0].get("amount") == -state["reward"]
             and lot == [1, 0] and balance == 5_000,
             (f"REVOKE after {seconds:.1f} s" if seconds is not None else f"no REVOKE within {sc.reward_timeout} s")
             + f"; entries {[(e.get('amount'), e.get('orderId')) for e in entries]}, reward lot remaining {lot[1]}, "
             f"balance {balance} (granted 5000)")
    again = sc.refund(buyer, order_id)
    sc.check("g6 a second refund -> 409 REFUND_NOT_ALLOWED",
             again[0] == 409 and isinstance(again[2], dict) and again[2].get("code") == "REFUND_NOT_ALLOWED"
             and sc.balance(buyer) == balance and sale_counts(sale_id)["sold"] == after["sold"], brief(again))


# --- h: ownership -------------------------------------------------------------------------------------------------

def ownership(sc):
    sale_id = sc.sale("ownership", 10, per_user_limit=2)
    owner, other = sc.user("h", "owner"), sc.user("h", "other")
    order_id = sc.hold(owner, sale_id, "v1")
    status, headers, body = order(sc.g, sale_id, owner, "v3")
    request_id = body.get("requestId") if isinstance(body, dict) else None
    if status == 202:
        settle_order_requests(sc.g, [(owner, body, headers)])
    attempts = {
        "GET order": sc.order_of(other, order_id),
        "cancel": sc.cancel(other, order_id),
        "pay": sc.pay(other, order_id, {}),
        "refund": sc.refund(other, order_id),
        "GET request": sc.get(other, f"/api/timesales/requests/{request_id}"),
    }
    sc.check("h1 another user's order and request -> 404",
             all(a[0] == 404 for a in attempts.values()) and request_id is not None,
             ", ".join(f"{k} {a[0]} {a[2].get('code') if isinstance(a[2], dict) else ''}" for k, a in attempts.items()))
    mine = sc.get(other, "/api/timesales/orders/me")
    listed = [o.get("orderId") for o in (mine[2].get("content", []) if isinstance(mine[2], dict) else [])]
    status, _, body = sc.order_of(owner, order_id)
    sc.check("h2 the owner's order untouched, not in the other's list",
             status == 200 and body.get("status") == "HELD" and order_id not in listed and mine[0] == 200,
             f"owner reads {status} {body.get('status')}; the other's orders/me {mine[0]}: {len(listed)} orders")
    admin_calls = {
        "POST /api/timesales": call(sc.g, "POST", "/api/timesales", token(owner), {
            "productId": 1, "salePrice": 1, "totalStock": 1, "perUserLimit": 1,
            "startsAt": "2026-01-01T00:00:00Z", "endsAt": "2099-01-01T00:00:00Z", "holdSeconds": 60}),
        "POST /api/timesales/products": call(sc.g, "POST", "/api/timesales/products", token(owner),
                                             {"name": "x", "listPrice": 1}),
        "PATCH status": call(sc.g, "PATCH", f"/api/timesales/{sale_id}/status", token(owner), {"status": "PAUSED"}),
    }
    sc.check("h3 a user on admin endpoints -> 403", all(a[0] == 403 for a in admin_calls.values())
             and sale_state(sc.g, sale_id).get("status") == "LIVE",
             ", ".join(f"{k} {a[0]}" for k, a in admin_calls.items()))


# --- i: bad input -------------------------------------------------------------------------------------------------

def bad_input(sc):
    sale_id = sc.sale("bad-input", 10, per_user_limit=2)
    user = sc.user("i", "user")
    bodies = {"0": {"quantity": 0}, "-1": {"quantity": -1}, '"x"': {"quantity": "x"}, "missing": {},
              "1.5": {"quantity": 1.5}}
    for strategy in STRATEGIES:
        answers = {name: call(sc.g, "POST", f"/api/timesales/{sale_id}/orders?strategy={strategy}", token(user), body)
                   for name, body in bodies.items()}
        bad = {name: brief(a) for name, a in answers.items() if not (a[0] == 400 and names_field(a[2], "quantity"))}
        sc.check(f"i1 quantity 0 / -1 / \"x\" / missing / 1.5 ({strategy}) -> 400 naming quantity", not bad,
                 "all five" if not bad else f"wrong: {bad}")
    counts = sale_counts(sale_id)
    buyers = sql(f"select count(*) from sale_buyer where sale_id = {sale_id}", TIMESALE_DB)
    sc.check("i2 nothing written", counts["held"] == 0 and counts["orders"] == 0 and counts["orderRequests"] == 0
             and buyers == 0 and sale_state(sc.g, sale_id).get("remainingQuantity") == 10,
             f"held_quantity {counts['held']}, orders {counts['orders']}, order_request {counts['orderRequests']}, "
             f"sale_buyer rows {buyers}")
    answer = call(sc.g, "POST", f"/api/timesales/{sale_id}/orders?strategy=v9", token(user), {"quantity": 1})
    sc.check("i3 strategy=v9 -> 400 naming strategy", answer[0] == 400 and names_field(answer[2], "strategy"),
             brief(answer))
    unknown = sql("select coalesce(max(id), 0) from time_sale", TIMESALE_DB) + 1_000_000
    answers = {s: order(sc.g, unknown, user, s) for s in STRATEGIES}
    sc.check("i4 unknown sale -> 404 SALE_NOT_FOUND",
             all(a[0] == 404 and isinstance(a[2], dict) and a[2].get("code") == "SALE_NOT_FOUND" for a in answers.values()),
             ", ".join(f"{s} {brief(a)}" for s, a in answers.items()))
    order_id = sc.hold(user, sale_id, "v1")
    answers = {"-1": sc.pay(user, order_id, {"points": -1}), "above what is due": sc.pay(user, order_id, {"points": 10_001})}
    status, _, body = sc.order_of(user, order_id)
    sc.check("i5 pay points -1 / above what is due -> 400 naming points, the order still HELD",
             all(a[0] == 400 and names_field(a[2], "points") for a in answers.values()) and body.get("status") == "HELD",
             ", ".join(f"{k}: {brief(a)}" for k, a in answers.items()) + f"; order {body.get('status')}")
    no_token = {
        "POST order": call(sc.g, "POST", f"/api/timesales/{sale_id}/orders?strategy=v1", None, {"quantity": 1}),
        "GET sale": call(sc.g, "GET", f"/api/timesales/{sale_id}", None),
        "GET order": call(sc.g, "GET", f"/api/timesales/orders/{order_id}", None),
    }
    sc.check("i6 no token -> 401", all(a[0] == 401 for a in no_token.values()),
             ", ".join(f"{k} {a[0]}" for k, a in no_token.items()))


# --- j: idempotency ----------------------------------------------------------------------------------------------

def idempotency(sc):
    sale_id = sc.sale("idempotency", 10, per_user_limit=3)
    user = sc.user("j", "user")
    for strategy in ("v1", "v2"):
        key = {"Idempotency-Key": f"sc{sc.run}-{strategy}"}
        first, again = (order(sc.g, sale_id, user, strategy, 1, key) for _ in range(2))
        rows = sql(f"select count(*) from sale_order where sale_id = {sale_id} and user_id = '{user}' "
                   f"and strategy = '{strategy.upper()}'", TIMESALE_DB)
        sc.check(f"j1 an order repeated with its Idempotency-Key ({strategy}) -> the first order again, once",
                 first[0] == 201 and again[0] == 201 and first[2].get("orderId") == again[2].get("orderId") and rows == 1,
                 f"{brief(first)}; again {brief(again)}; orders in timesale_db {rows}")
    reused = order(sc.g, sale_id, user, "v1", 2, {"Idempotency-Key": f"sc{sc.run}-v1"})
    sc.check("j2 the same key with another quantity -> 422 IDEMPOTENCY_KEY_REUSED",
             reused[0] == 422 and isinstance(reused[2], dict) and reused[2].get("code") == "IDEMPOTENCY_KEY_REUSED",
             brief(reused))
    for strategy in ("v1", "v2"):
        other = sc.user("j", f"twice-{strategy}")
        key = {"Idempotency-Key": f"sc{sc.run}-burst-{strategy}"}
        held_before = sale_counts(sale_id)["held"]
        results, _ = at_once([lambda s=strategy: order(sc.g, sale_id, other, s, 1, key) for _ in range(5)])
        rows = sql_rows(f"select id from sale_order where sale_id = {sale_id} and user_id = '{other}'", TIMESALE_DB)
        named = {r[2].get("orderId") if isinstance(r[2], dict) else None for r in results}
        held_after = sale_counts(sale_id)["held"]
        sc.check(f"j3 5 presses at once with one key ({strategy}) -> one order, every press answered it (201)",
                 len(rows) == 1 and all(r[0] == 201 for r in results) and named == {int(rows[0][0])}
                 and held_after == held_before + 1,
                 f"answers {sorted((r[0], r[2].get('code', '')) if isinstance(r[2], dict) else (r[0], '') for r in results)}"
                 f", orders {[r[0] for r in rows]}, named {sorted(map(str, named))}, held_quantity {held_before} -> "
                 f"{held_after}")


def warm_up(sc):
    """One order per strategy on a throw-away sale before the stampede, so that a suite just started (CI) has
    loaded its code paths, Kafka metadata and connections; not a check, its answers are printed."""
    try:
        sale_id = sc.sale("warm-up", 10)
        answers = []
        for strategy in STRATEGIES:
            status, headers, body = order(sc.g, sale_id, sc.user("w", strategy), strategy)
            if status == 202:
                outcome = settle_order_requests(sc.g, [(sc.user("w", strategy), body, headers)], timeout=60)
                status = f"202 -> {outcome[body['requestId']].get('status')}"
            answers.append(f"{strategy} {status}")
        print(f"warm-up (not a check): sale {sale_id}: {', '.join(answers)}")
    except (Exception, SystemExit) as error:  # the sections report what is wrong
        print(f"warm-up (not a check) failed: {error}")


SECTIONS = {"a": stampede, "b": per_user_limit, "c": release_once, "d": hold_expiry, "e": pay_saga,
            "f": compensation, "g": refund, "h": ownership, "i": bad_input,
            "j": idempotency}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gateway", default="http://127.0.0.1:4000")
    parser.add_argument("--only", default="abcdefghij", help="sections to run, e.g. a,b or ab (f and g need e)")
    parser.add_argument("--reward-timeout", type=int, default=30,
                        help="seconds to wait for point-service to grant or revoke a purchase reward")
    args = parser.parse_args()
    sc = Scenario(args.gateway, args.reward_timeout)
    try:
        status, _, body = call(args.gateway, "GET", "/api/timesales?size=1", token(ADMIN, "ADMIN"))
    except OSError as error:
        status, body = None, error
    if status != 200:
        raise SystemExit(f"timesale-service does not answer GET /api/timesales through {args.gateway} "
                         f"({status} {body}); start the suite with scripts/up.sh")
    print(f"flash-sale scenario, run {sc.run}, through {args.gateway}")
    started = time.monotonic()
    warm_up(sc)
    state = {}
    for key in [k for k in SECTIONS if k in args.only]:
        try:
            if key in "efg":
                SECTIONS[key](sc, state)
            else:
                SECTIONS[key](sc)
        except (Exception, SystemExit) as error:  # one broken section must not hide the others' results
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            sc.check(f"{key}  section {SECTIONS[key].__name__} ran to its end", False, detail)
    failed = [name for name, ok in sc.results if not ok]
    print(f"\n{len(sc.results)} checks in {time.monotonic() - started:.0f} s: {len(sc.results) - len(failed)} passed, "
          f"{len(failed)} failed" + (f" ({', '.join(failed)})" if failed else ""))
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
