// A flash sale: an admin creates a product and a time sale of UNITS units (perUserLimit 1); USERS distinct
// buyers, each granted POINTS points in setup, press "order" once. v3 requests are followed through their
// Location until HELD or REJECTED. Of the buyers who hold an order, PAY_SHARE pay (PAY_POINTS points),
// CANCEL_SHARE cancel, the rest let the hold run out (HOLD_SECONDS).
//   k6 run -e STRATEGY=v2 -e USERS=3000 -e UNITS=1000 -e VUS=200 load-tests/k6/flash-sale.js
// Environment: BASE_URL (gateway, default http://127.0.0.1:4000), STRATEGY (v1|v2|v3, default v2), USERS
// (buyers = iterations, default 3000), UNITS (totalStock, default 1000), VUS (default 200), SALE_PRICE (KRW,
// default 10000), HOLD_SECONDS (default 600), POINTS (granted to each buyer, default 1000), PAY_POINTS (points
// a payer spends, default 500), PAY_SHARE (default 0.5), CANCEL_SHARE (default 0.25), SALE_ID (use an
// existing sale instead of creating one; no grants then unless POINTS is set), PROMO_JWT_SECRET,
// PROMO_JWT_ISSUER, MAX_DURATION (default 5m), P95_MS (order, default 500), P99_MS (order, default 1000),
// PAY_P95_MS (pay, default 1000).
// Thresholds fail the run on: an order answer other than 201/202/409, a 409 other than SALE_SOLD_OUT (or
// SALE_NOT_OPEN for a sale you paused), a v3 request that is not decided, a pay other than 200 PAID, a
// cancel other than 200 CANCELLED, more holds than units, fewer than 99% of checks passing, and the latency
// limits. teardown() waits for v3's queue and checks, through GET /api/timesales/{id}, that held + sold never
// exceeds the stock and that remaining = total - held - sold.
import exec from 'k6/execution';
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, as, grantAll } from './lib/promo.js';

const STRATEGY = __ENV.STRATEGY || 'v2';
const USERS = parseInt(__ENV.USERS || '3000', 10);
const UNITS = parseInt(__ENV.UNITS || '1000', 10);
const SALE_PRICE = parseInt(__ENV.SALE_PRICE || '10000', 10);
const HOLD_SECONDS = parseInt(__ENV.HOLD_SECONDS || '600', 10);
const POINTS = parseInt(__ENV.POINTS || (__ENV.SALE_ID ? '0' : '1000'), 10);
const PAY_POINTS = Math.min(parseInt(__ENV.PAY_POINTS || '500', 10), POINTS);
const PAY_SHARE = parseFloat(__ENV.PAY_SHARE || '0.5');
const CANCEL_SHARE = parseFloat(__ENV.CANCEL_SHARE || '0.25');
const RUN = __ENV.RUN_ID || `${Date.now()}`;

const held = new Counter('orders_held'); // 201, or a v3 request that became HELD
const refused = new Counter('orders_refused'); // 409 or v3 REJECTED, tagged with the code
const paid = new Counter('orders_paid');
const cancelled = new Counter('orders_cancelled');
const undecided = new Counter('v3_undecided'); // still WAITING after the polls
const unexpected = new Counter('unexpected_responses');

http.setResponseCallback(http.expectedStatuses(200, 201, 202, 409));

export const options = {
  setupTimeout: '5m',
  teardownTimeout: '3m',
  scenarios: {
    flash: {
      executor: 'shared-iterations',
      vus: parseInt(__ENV.VUS || '200', 10),
      iterations: USERS,
      maxDuration: __ENV.MAX_DURATION || '5m',
    },
  },
  thresholds: {
    unexpected_responses: ['count==0'],
    v3_undecided: ['count==0'],
    // Client-side view of "never oversold": holds cannot exceed the units.
    orders_held: [`count<=${UNITS}`],
    checks: ['rate>0.99'],
    'http_req_duration{name:order}': [`p(95)<${__ENV.P95_MS || 500}`, `p(99)<${__ENV.P99_MS || 1000}`],
    'http_req_duration{name:pay}': [`p(95)<${__ENV.PAY_P95_MS || 1000}`],
  },
};

const buyer = (i) => `k6-${RUN}-buyer-${i}`;

export function setup() {
  let saleId = __ENV.SALE_ID ? parseInt(__ENV.SALE_ID, 10) : null;
  if (!saleId) {
    const admin = as('k6-admin', 'create sale', ['ADMIN']);
    const product = http.post(`${BASE_URL}/api/timesales/products`,
      JSON.stringify({ name: `k6 flash sale ${STRATEGY} ${RUN}`, listPrice: 2 * SALE_PRICE }), admin);
    if (product.status !== 201) {
      throw new Error(`creating a product failed: ${product.status} ${product.body}`);
    }
    const now = Date.now();
    const sale = http.post(`${BASE_URL}/api/timesales`, JSON.stringify({
      productId: product.json('id'), salePrice: SALE_PRICE, totalStock: UNITS, perUserLimit: 1,
      startsAt: new Date(now - 60_000).toISOString(), endsAt: new Date(now + 86_400_000).toISOString(),
      holdSeconds: HOLD_SECONDS,
    }), admin);
    if (sale.status !== 201) {
      throw new Error(`creating a time sale failed: ${sale.status} ${sale.body}`);
    }
    saleId = sale.json('id');
  }
  if (POINTS > 0 && PAY_SHARE > 0) {
    grantAll(Array.from({ length: USERS }, (_, i) => buyer(i)), POINTS, RUN);
  }
  return { saleId };
}

/** v3: follows a 202's Location as its owner until the request is no longer WAITING (up to 30 s); returns its body. */
function decide(response, userId) {
  const location = response.headers.Location || response.headers.location;
  if (!location) {
    return { status: 'NO_LOCATION' };
  }
  const url = location.startsWith('http') ? location : `${BASE_URL}${location}`;
  let body = response.json();
  for (let i = 0; i < 150 && body.status === 'WAITING'; i++) {
    sleep(0.2);
    body = http.get(url, as(userId, 'order request')).json();
  }
  return body;
}

export default function (data) {
  const iteration = exec.scenario.iterationInTest;
  const userId = buyer(iteration);
  const response = http.post(`${BASE_URL}/api/timesales/${data.saleId}/orders?strategy=${STRATEGY}`,
    JSON.stringify({ quantity: 1 }), as(userId, 'order'));
  const code = response.status === 409 ? response.json('code') : null;
  check(response, {
    'held, queued or refused as sold out': (r) => [201, 202].includes(r.status)
      || code === 'SALE_SOLD_OUT' || code === 'SALE_NOT_OPEN',
    'X-Strategy says the strategy asked for': (r) => r.headers['X-Strategy'] === STRATEGY,
  });
  let orderId = null;
  if (response.status === 201) {
    orderId = response.json('orderId');
  } else if (response.status === 202) {
    check(response, { 'v3 answers WAITING with a position': (r) => r.json('status') === 'WAITING'
      && r.json('position') >= 0 });
    const outcome = decide(response, userId);
    if (outcome.status === 'HELD') {
      orderId = outcome.orderId;
    } else if (outcome.status === 'REJECTED') {
      refused.add(1, { code: `${outcome.reason}` });
    } else {
      undecided.add(1);
    }
  } else if (code === 'SALE_SOLD_OUT' || code === 'SALE_NOT_OPEN') {
    refused.add(1, { code });
  } else {
    unexpected.add(1, { status: `${response.status}`, code: `${code}` });
  }
  if (orderId === null) {
    return;
  }
  held.add(1);
  // A share pays, a share cancels, the rest lets the hold expire: by iteration, so the shares are exact.
  const roll = (iteration % 100) / 100;
  if (roll < PAY_SHARE) {
    const pay = http.post(`${BASE_URL}/api/timesales/orders/${orderId}/pay`,
      JSON.stringify(PAY_POINTS > 0 ? { points: PAY_POINTS } : {}), as(userId, 'pay'));
    const ok = check(pay, {
      'pay -> 200 PAID': (r) => r.status === 200 && r.json('status') === 'PAID',
      'paidAmount = totalAmount - pointsUsed': (r) => r.status !== 200
        || r.json('paidAmount') === r.json('totalAmount') - r.json('pointsUsed') - (r.json('couponDiscount') || 0),
    });
    if (ok) {
      paid.add(1);
    } else {
      unexpected.add(1, { status: `${pay.status}`, step: 'pay' });
    }
  } else if (roll < PAY_SHARE + CANCEL_SHARE) {
    const cancel = http.post(`${BASE_URL}/api/timesales/orders/${orderId}/cancel`, null, as(userId, 'cancel'));
    if (check(cancel, { 'cancel -> 200 CANCELLED': (r) => r.status === 200 && r.json('status') === 'CANCELLED' })) {
      cancelled.add(1);
    } else {
      unexpected.add(1, { status: `${cancel.status}`, step: 'cancel' });
    }
  }
}

export function teardown(data) {
  const read = () => http.get(`${BASE_URL}/api/timesales/${data.saleId}`, as('k6-admin', 'get sale')).json();
  let sale = read();
  // v3 answers 202 before the hold exists: give the queue up to a minute to settle.
  for (let i = 0, last = -1; i < 60 && STRATEGY === 'v3' && sale.heldQuantity + sale.soldQuantity !== last; i++) {
    last = sale.heldQuantity + sale.soldQuantity;
    sleep(1);
    sale = read();
  }
  console.log(`sale ${data.saleId}: held ${sale.heldQuantity}, sold ${sale.soldQuantity}, remaining `
    + `${sale.remainingQuantity} of ${sale.totalStock}, status ${sale.status}`);
  check(sale, {
    'held + sold never above the stock': (s) => s.heldQuantity + s.soldQuantity <= s.totalStock,
    'remaining = total - held - sold': (s) => s.remainingQuantity === s.totalStock - s.heldQuantity - s.soldQuantity,
  });
}
