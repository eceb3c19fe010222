// A day of point spending: USERS users, each granted BALANCE points in setup, spend small amounts
// (1..MAX_AMOUNT points, a new orderId each) at an arrival rate ramping up to RATE per second.
//   k6 run -e STRATEGY=v2 -e USERS=1000 -e RATE=200 load-tests/k6/point-spend-day.js
// Environment: BASE_URL (gateway, default http://127.0.0.1:4000), STRATEGY (v1|v2|v3, default v2),
// USERS (default 1000), BALANCE (points granted to each, default 1000), MAX_AMOUNT (default 50),
// RATE (peak uses/s, default 200), RAMP (default 1m), DURATION (at the peak, default 5m),
// PROMO_JWT_SECRET, PROMO_JWT_ISSUER, P95_MS (default 200), P99_MS (default 500).
// Every use must answer 201 (v1/v2), 202 (v3) or 409 INSUFFICIENT_POINTS (a user who spent it all), with
// X-Strategy naming the strategy asked for; v3 requests are followed to DONE or REJECTED. Thresholds fail
// the run on any other answer and on the latency limits. teardown() checks no balance went negative or
// above what was granted.
import exec from 'k6/execution';
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, as, grantAll, settle } from './lib/promo.js';

const STRATEGY = __ENV.STRATEGY || 'v2';
const USERS = parseInt(__ENV.USERS || '1000', 10);
const BALANCE = parseInt(__ENV.BALANCE || '1000', 10);
const MAX_AMOUNT = parseInt(__ENV.MAX_AMOUNT || '50', 10);
const RATE = parseInt(__ENV.RATE || '200', 10);
const RUN = __ENV.RUN_ID || `${Date.now()}`;

const used = new Counter('points_used'); // 201 or v3 DONE, in points
const refused = new Counter('uses_refused'); // 409 or v3 REJECTED, tagged with the code
const servedByOther = new Counter('served_by_other_strategy'); // X-Strategy other than STRATEGY (degraded)
const unexpected = new Counter('unexpected_responses');

http.setResponseCallback(http.expectedStatuses(200, 201, 202, 409));

export const options = {
  setupTimeout: '5m',
  teardownTimeout: '5m',
  scenarios: {
    spend: {
      executor: 'ramping-arrival-rate',
      startRate: Math.max(1, Math.floor(RATE / 10)),
      timeUnit: '1s',
      preAllocatedVUs: 50,
      maxVUs: 500,
      stages: [
        { target: RATE, duration: __ENV.RAMP || '1m' },
        { target: RATE, duration: __ENV.DURATION || '5m' },
        { target: 0, duration: '30s' },
      ],
    },
  },
  thresholds: {
    unexpected_responses: ['count==0'],
    'http_req_duration{name:use}': [`p(95)<${__ENV.P95_MS || 200}`, `p(99)<${__ENV.P99_MS || 500}`],
  },
};

const userId = (i) => `k6-${RUN}-spender-${i}`;

export function setup() {
  grantAll(Array.from({ length: USERS }, (_, i) => userId(i)), BALANCE, RUN);
}

export default function () {
  const user = userId(Math.floor(Math.random() * USERS));
  const amount = 1 + Math.floor(Math.random() * MAX_AMOUNT);
  const response = http.post(`${BASE_URL}/api/points/use?strategy=${STRATEGY}`,
    JSON.stringify({ orderId: `k6-${RUN}-order-${exec.scenario.iterationInTest}`, amount }), as(user, 'use'));
  check(response, {
    'used, queued or refused': (r) => [201, 202, 409].includes(r.status),
    'refused only for INSUFFICIENT_POINTS': (r) => r.status !== 409 || r.json('code') === 'INSUFFICIENT_POINTS',
    'X-Strategy says the strategy asked for': (r) => r.headers['X-Strategy'] === STRATEGY,
  });
  if (response.headers['X-Strategy'] !== STRATEGY) {
    servedByOther.add(1, { servedBy: `${response.headers['X-Strategy']}` });
  }
  if (response.status === 201) {
    used.add(amount);
  } else if (response.status === 202) {
    const outcome = settle(response, user);
    check(outcome, { 'queued use decided': (o) => o.status === 'DONE' || o.status === 'REJECTED' });
    if (outcome.status === 'DONE') {
      used.add(amount);
    } else if (outcome.status === 'REJECTED') {
      refused.add(1, { code: outcome.reason });
    }
  } else if (response.status === 409 && response.json('code') === 'INSUFFICIENT_POINTS') {
    refused.add(1, { code: 'INSUFFICIENT_POINTS' });
  } else {
    unexpected.add(1, { status: `${response.status}` });
  }
}

export function teardown() {
  // The database holds the invariant (load-tests/bench.sh counts it); through the API: 0 <= balance <= BALANCE.
  const outside = [];
  for (let i = 0; i < USERS; i++) {
    const balance = http.get(`${BASE_URL}/api/points/me`, as(userId(i), 'my points')).json('balance');
    if (!(balance >= 0 && balance <= BALANCE)) {
      outside.push(`${userId(i)}: ${balance}`);
    }
  }
  console.log(`${USERS} accounts, ${outside.length} balances outside 0..${BALANCE} ${outside.slice(0, 10).join(', ')}`);
  check(outside, { 'every balance within 0..granted': (o) => o.length === 0 });
}
