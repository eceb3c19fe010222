// A steady day of a promotion: a constant arrival rate of mixed traffic through the gateway.
//   k6 run -e RATE=200 -e DURATION=5m load-tests/k6/steady-mixed.js
// Per iteration, by weight: 50% browse a coupon, 25% issue it to a new user (strategy drawn from
// STRATEGIES, default v1,v2,v3), 15% list "my coupons", 10% redeem a coupon this VU was issued.
// Environment: BASE_URL, RATE (iterations/s, default 200), DURATION (default 5m), STRATEGIES,
// UNITS (default 1000000), PROMO_JWT_SECRET, PROMO_JWT_ISSUER, P95_MS (default 200), P99_MS (default 500).
import exec from 'k6/execution';
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, as, createCoupon } from './lib/promo.js';

const STRATEGIES = (__ENV.STRATEGIES || 'v1,v2,v3').split(',');
const RUN = __ENV.RUN_ID || `${Date.now()}`;
const unexpected = new Counter('unexpected_responses');

http.setResponseCallback(http.expectedStatuses(200, 201, 202, 409));

export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: parseInt(__ENV.RATE || '200', 10),
      timeUnit: '1s',
      duration: __ENV.DURATION || '5m',
      preAllocatedVUs: 50,
      maxVUs: 500,
    },
  },
  thresholds: {
    unexpected_responses: ['count==0'],
    http_req_failed: ['rate<0.01'],
    http_req_duration: [`p(95)<${__ENV.P95_MS || 200}`, `p(99)<${__ENV.P99_MS || 500}`],
  },
};

export function setup() {
  return { couponId: createCoupon(`k6 steady ${RUN}`, parseInt(__ENV.UNITS || '1000000', 10)) };
}

// Per VU: coupons issued to this VU's users and not yet redeemed, as { userId, issuedId }.
const wallet = [];

function expect(response, ...statuses) {
  if (!statuses.includes(response.status)) {
    unexpected.add(1, { status: `${response.status}` });
  }
  check(response, { [`status ${statuses.join('/')}`]: (r) => statuses.includes(r.status) });
  return response;
}

export default function (data) {
  const roll = Math.random();
  if (roll < 0.5) {
    expect(http.get(`${BASE_URL}/api/coupons/${data.couponId}`, as(`k6-browser-${exec.vu.idInTest}`, 'get coupon')), 200);
  } else if (roll < 0.75) {
    const userId = `k6-${RUN}-${exec.scenario.iterationInTest}`;
    const strategy = STRATEGIES[exec.scenario.iterationInTest % STRATEGIES.length];
    const response = expect(http.post(`${BASE_URL}/api/coupons/${data.couponId}/issue?strategy=${strategy}`, null,
      as(userId, 'issue')), 201, 202, 409);
    if (response.status === 201) {
      wallet.push({ userId, issuedId: response.json('id') });
    }
  } else if (roll < 0.9 || wallet.length === 0) {
    const owner = wallet.length ? wallet[wallet.length - 1].userId : `k6-browser-${exec.vu.idInTest}`;
    expect(http.get(`${BASE_URL}/api/coupons/me`, as(owner, 'my coupons')), 200);
  } else {
    const { userId, issuedId } = wallet.shift();
    expect(http.post(`${BASE_URL}/api/coupons/issued/${issuedId}/redeem`,
      JSON.stringify({ orderId: `k6-order-${issuedId}`, orderAmount: 25000 }), as(userId, 'redeem')), 200);
  }
}
