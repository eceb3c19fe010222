// First come, first served: USERS distinct users each press "issue" once on one coupon.
//   k6 run -e STRATEGY=v2 -e USERS=20000 -e UNITS=1000 load-tests/k6/first-come-burst.js
// Environment: BASE_URL (gateway, default http://127.0.0.1:4000), STRATEGY (v1|v2|v3, default v2),
// USERS (distinct users = requests, default 20000), UNITS (default 1000), VUS (default 200),
// COUPON_ID (use an existing coupon instead of creating one), PROMO_JWT_SECRET, PROMO_JWT_ISSUER, MAX_DURATION (default 5m).
// Thresholds fail the run on: any unexpected status, more successes than units, p99 over P99_MS
// (default 1000). teardown() waits for v3's queue and checks the coupon never issued more than its units.
import exec from 'k6/execution';
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, as, coupon, createCoupon } from './lib/promo.js';

const STRATEGY = __ENV.STRATEGY || 'v2';
const USERS = parseInt(__ENV.USERS || '20000', 10);
const UNITS = parseInt(__ENV.UNITS || '1000', 10);
const RUN = __ENV.RUN_ID || `${Date.now()}`;

const issued = new Counter('coupons_issued'); // 201
const accepted = new Counter('issues_accepted'); // 202 (v3)
const refused = new Counter('issues_refused'); // 409, tagged with the problem's code
const unexpected = new Counter('unexpected_responses');

http.setResponseCallback(http.expectedStatuses(201, 202, 409));

export const options = {
  scenarios: {
    burst: {
      executor: 'shared-iterations',
      vus: parseInt(__ENV.VUS || '200', 10),
      iterations: USERS,
      maxDuration: __ENV.MAX_DURATION || '5m',
    },
  },
  thresholds: {
    unexpected_responses: ['count==0'],
    // Client-side view of "never oversold": successes cannot exceed the units.
    coupons_issued: [`count<=${UNITS}`],
    issues_accepted: [`count<=${UNITS}`],
    'http_req_duration{name:issue}': [`p(99)<${__ENV.P99_MS || 1000}`],
  },
};

export function setup() {
  const couponId = __ENV.COUPON_ID ? parseInt(__ENV.COUPON_ID, 10) : createCoupon(`k6 burst ${STRATEGY} ${RUN}`, UNITS);
  return { couponId };
}

export default function (data) {
  const userId = `k6-${RUN}-${exec.scenario.iterationInTest}`;
  const response = http.post(`${BASE_URL}/api/coupons/${data.couponId}/issue?strategy=${STRATEGY}`, null,
    as(userId, 'issue'));
  if (response.status === 201) {
    issued.add(1);
  } else if (response.status === 202) {
    accepted.add(1);
  } else if (response.status === 409) {
    refused.add(1, { code: response.json('code') });
  } else {
    unexpected.add(1, { status: `${response.status}` });
  }
  check(response, { 'issued, queued or refused': (r) => [201, 202, 409].includes(r.status) });
}

export function teardown(data) {
  let state = coupon(data.couponId);
  // v3 answers 202 before the database write: give the queue up to a minute to drain.
  for (let i = 0; i < 60 && STRATEGY === 'v3' && state.issuedQuantity < Math.min(UNITS, USERS); i++) {
    sleep(1);
    state = coupon(data.couponId);
  }
  console.log(`coupon ${data.couponId}: issuedQuantity ${state.issuedQuantity} of ${state.totalQuantity}`);
  check(state, {
    'never more issued than units': (s) => s.issuedQuantity <= s.totalQuantity,
    'every unit issued when users outnumber units': (s) => USERS < UNITS || s.issuedQuantity === s.totalQuantity,
  });
}
