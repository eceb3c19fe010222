-- Atomic admission of one issue request at the Redis gate of one coupon.
-- KEYS[1] coupon:{id}:gate   hash: status, startsAt, endsAt (epoch ms), perUserLimit, stock, epoch
-- KEYS[2] coupon:{id}:users  hash: userId -> units admitted (given the gate's TTL when created here)
-- ARGV[1] user id
-- ARGV[2] now, epoch milliseconds
-- Returns {code, epoch}:
--    1 admitted (one unit of stock and one of the user's limit taken)
--   -1 the user is at the per-user limit       (ALREADY_ISSUED)
--   -2 paused, ended, or outside the window     (COUPON_NOT_OPEN)
--    0 no stock left                            (COUPON_SOLD_OUT)
--   -3 gate missing: rebuild it from the database, then retry (epoch is '')
local gate = redis.call('HMGET', KEYS[1], 'status', 'startsAt', 'endsAt', 'perUserLimit', 'stock', 'epoch')
local epoch = gate[6]
if not epoch then
  return {-3, ''}
end
local now = tonumber(ARGV[2])
if gate[1] ~= 'ACTIVE' or now < tonumber(gate[2]) or now >= tonumber(gate[3]) then
  return {-2, epoch}
end
local held = tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0')
if held >= tonumber(gate[4]) then
  return {-1, epoch}
end
if tonumber(gate[5]) <= 0 then
  return {0, epoch}
end
redis.call('HINCRBY', KEYS[1], 'stock', -1)
redis.call('HINCRBY', KEYS[2], ARGV[1], 1)
-- The per-user hash lives as long as the gate: a hash first created here (no user at the
-- rebuild) would otherwise never expire.
if redis.call('PTTL', KEYS[2]) < 0 then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl > 0 then
    redis.call('PEXPIRE', KEYS[2], ttl)
  end
end
return {1, epoch}
