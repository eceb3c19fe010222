// Shared by the k6 scripts: HS256 tokens for any user; coupons, point grants and promotions through the gateway.
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';
import http from 'k6/http';
import { sleep } from 'k6';

export const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:4000';
// Local suite only: the development secret and issuer of the services' local profile
// (scripts/token.sh signs with the same ones); deployed services have no such default.
const SECRET = __ENV.PROMO_JWT_SECRET || 'local-dev-secret-change-me-0123456789abcdef';
const ISSUER = __ENV.PROMO_JWT_ISSUER || 'promo-local';
const HEADER = encoding.b64encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'rawurl');

/** A bearer token (HS256 JWT): sub = userId, roles claim, the local issuer, valid for ttlSeconds (default 1 h). */
export function token(userId, roles = [], ttlSeconds = 3600) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: userId, roles, iss: ISSUER, iat: now, exp: now + ttlSeconds };
  const payload = encoding.b64encode(JSON.stringify(claims), 'rawurl');
  const signature = crypto.hmac('sha256', SECRET, `${HEADER}.${payload}`, 'base64rawurl');
  return `${HEADER}.${payload}.${signature}`;
}

/** Request params with the user's bearer token and JSON content type; tags name the endpoint. */
export function as(userId, name, roles = []) {
  return {
    headers: { Authorization: `Bearer ${token(userId, roles)}`, 'Content-Type': 'application/json' },
    tags: { name },
  };
}

/** Creates an ACTIVE FIXED 1,000 KRW coupon open from a minute ago for a day; returns its id. */
export function createCoupon(name, units, perUserLimit = 1) {
  const now = Date.now();
  const response = http.post(`${BASE_URL}/api/coupons`, JSON.stringify({
    name, discountType: 'FIXED', discountValue: 1000, minOrderAmount: 10000,
    totalQuantity: units, perUserLimit, validDays: 7,
    issueStartsAt: new Date(now - 60_000).toISOString(),
    issueEndsAt: new Date(now + 86_400_000).toISOString(),
  }), as('k6-admin', 'create coupon', ['ADMIN']));
  if (response.status !== 201) {
    throw new Error(`creating a coupon failed: ${response.status} ${response.body}`);
  }
  return response.json('id');
}

/** The coupon as the API shows it (issuedQuantity, totalQuantity, status). */
export function coupon(couponId) {
  return http.get(`${BASE_URL}/api/coupons/${couponId}`, as('k6-admin', 'get coupon')).json();
}

/** Grants amount points (valid validDays) to each user, as an admin, 100 requests at a time; idempotent per user and run. */
export function grantAll(userIds, amount, run, validDays = 30) {
  const params = as('k6-admin', 'grant', ['ADMIN']);
  for (let i = 0; i < userIds.length; i += 100) {
    const responses = http.batch(userIds.slice(i, i + 100).map((userId) => ['POST', `${BASE_URL}/api/points/grants`,
      JSON.stringify({ userId, amount, reason: 'k6', sourceId: `k6-${run}-${userId}`, validDays }), params]));
    const failed = responses.find((r) => r.status !== 201 && r.status !== 200);
    if (failed) {
      throw new Error(`granting points failed: ${failed.status} ${failed.body}`);
    }
  }
}

/** Creates a reward promotion open from a minute ago for a day (no prerequisites, not once per day); returns its id. */
export function createPromotion(name, totalJoins, maxJoinsPerUser = 1, rewardPoints = 100) {
  const now = Date.now();
  const response = http.post(`${BASE_URL}/api/points/promotions`, JSON.stringify({
    name, rewardPoints, rewardValidDays: 30, totalJoins, maxJoinsPerUser, oncePerDay: false,
    requiredPromotionIds: [],
    startsAt: new Date(now - 60_000).toISOString(),
    endsAt: new Date(now + 86_400_000).toISOString(),
  }), as('k6-admin', 'create promotion', ['ADMIN']));
  if (response.status !== 201) {
    throw new Error(`creating a promotion failed: ${response.status} ${response.body}`);
  }
  return response.json('id');
}

/** The promotion as the API shows it (joinedCount, remainingJoins, totalJoins, status). */
export function promotion(promotionId) {
  return http.get(`${BASE_URL}/api/points/promotions/${promotionId}`, as('k6-admin', 'get promotion')).json();
}

/** v3: polls a 202's Location (a point request) as its owner until it is no longer PENDING, up to tries x 0.2 s; returns its body. */
export function settle(response, userId, tries = 25) {
  const location = response.headers.Location || response.headers.location;
  if (!location) {
    return { status: 'NO_LOCATION' };
  }
  const url = location.startsWith('http') ? location : `${BASE_URL}${location}`;
  let body = response.json();
  for (let i = 0; i < tries && body.status === 'PENDING'; i++) {
    sleep(0.2);
    body = http.get(url, as(userId, 'request status')).json();
  }
  return body;
}
