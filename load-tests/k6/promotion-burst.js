// A hot promotion: USERS distinct users each press "join" once on one promotion of JOINS joins
// (maxJoinsPerUser 1).
//   k6 run -e STRATEGY=v2 -e USERS=3000 -e JOINS=1000 load-tests/k6/promotion-burst.js
// Environment: BASE_URL (gateway, default http://127.0.0.1:4000), STRATEGY (v1|v2|v3, default v2),
// USERS (distinct users = requests, default 3000), JOINS (totalJoins, default 1000), VUS (default 200),
// PROMOTION_ID (use an existing promotion instead of creating one), PROMO_JWT_SECRET, PROMO_JWT_ISSUER,
// MAX_DURATION (default 5m), P99_MS (default 1000).
// Thresholds fail the run on: any status other than 201/202/409, a 409 other than PROMOTION_SOLD_OUT,
// more successes than joins, p99 over P99_MS. teardown() waits for v3's queue and checks the promotion
// never gave more joins than totalJoins (exactly totalJoins when users outnumber joins).
import exec from 'k6/execution';
import http from 'k6/http';
import { check, sleep } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, as, createPromotion, promotion } from './lib/promo.js';

const STRATEGY = __ENV.STRATEGY || 'v2';
const USERS = parseInt(__ENV.USERS || '3000', 10);
const JOINS = parseInt(__ENV.JOINS || '1000', 10);
const RUN = __ENV.RUN_ID || `${Date.now()}`;

const joined = new Counter('joins_created'); // 201
const accepted = new Counter('joins_accepted'); // 202 (v3)
const refused = new Counter('joins_refused'); // 409, tagged with the problem's code
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
    // Client-side view of "never oversold": successes cannot exceed the joins.
    joins_created: [`count<=${JOINS}`],
    joins_accepted: [`count<=${JOINS}`],
    'http_req_duration{name:join}': [`p(99)<${__ENV.P99_MS || 1000}`],
  },
};

export function setup() {
  const promotionId = __ENV.PROMOTION_ID ? parseInt(__ENV.PROMOTION_ID, 10)
    : createPromotion(`k6 burst ${STRATEGY} ${RUN}`, JOINS, 1);
  return { promotionId };
}

export default function (data) {
  const userId = `k6-${RUN}-joiner-${exec.scenario.iterationInTest}`;
  const response = http.post(`${BASE_URL}/api/points/promotions/${data.promotionId}/join?strategy=${STRATEGY}`, null,
    as(userId, 'join'));
  const code = response.status === 409 ? response.json('code') : null;
  if (response.status === 201) {
    joined.add(1);
  } else if (response.status === 202) {
    accepted.add(1);
  } else if (code === 'PROMOTION_SOLD_OUT') {
    refused.add(1, { code });
  } else {
    unexpected.add(1, { status: `${response.status}`, code: `${code}` });
  }
  check(response, {
    'joined, queued or sold out': (r) => [201, 202].includes(r.status) || code === 'PROMOTION_SOLD_OUT',
    'X-Strategy says the strategy asked for': (r) => r.headers['X-Strategy'] === STRATEGY,
  });
}

export function teardown(data) {
  const expected = Math.min(JOINS, USERS);
  let state = promotion(data.promotionId);
  // v3 answers 202 before the database write: give the queue up to a minute to drain.
  for (let i = 0; i < 60 && STRATEGY === 'v3' && state.joinedCount < expected; i++) {
    sleep(1);
    state = promotion(data.promotionId);
  }
  console.log(`promotion ${data.promotionId}: joinedCount ${state.joinedCount} of ${state.totalJoins}, `
    + `remainingJoins ${state.remainingJoins}`);
  check(state, {
    'never more joins than totalJoins': (s) => s.joinedCount <= s.totalJoins,
    'remainingJoins = totalJoins - joinedCount': (s) => s.remainingJoins === s.totalJoins - s.joinedCount,
    'every join taken when users outnumber joins': (s) => USERS < JOINS || s.joinedCount === s.totalJoins,
  });
}
