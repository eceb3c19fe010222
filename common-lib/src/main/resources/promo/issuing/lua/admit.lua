-- Atomic admission of one request at the gate of one resource (coupon, promotion, sale).
-- KEYS[1] <name>:{id}:gate      hash: status ('ACTIVE' admits), startsAt, endsAt (epoch ms),
--                                     perHolderLimit (0 = untracked), perPeriodLimit (0 = none), stock, epoch
-- KEYS[2] <name>:{id}:holders   hash: holder -> units; '<period>|<holder>' -> units in that period
-- KEYS[3] <name>:{id}:inflight  sorted set: request id -> admitted at (epoch ms), until written or released
-- KEYS[4] <name>:{id}:queue     sorted set: request id -> its place in the waiting room (only with ARGV[6] = '1')
-- ARGV[1] holder id
-- ARGV[2] now, epoch milliseconds
-- ARGV[3] units wanted (>= 1)
-- ARGV[4] the current period's key ('' when the resource has no period limit)
-- ARGV[5] request id
-- ARGV[6] '1' to join the resource's waiting room: a per-gate sequence (gate field 'seq') scores the
--         request in KEYS[4], so places never tie; '0' otherwise
-- Returns {code, epoch, sequence}:
--    1 admitted (units taken from the stock and added to the holder's counts; request in flight;
--      sequence = its place in the waiting room, 0 when it did not join one)
--   -1 the holder would exceed the per-holder limit   (HOLDER_LIMIT)
--   -4 the holder would exceed the per-period limit   (PERIOD_LIMIT)
--   -2 paused, ended, or outside the window           (NOT_OPEN)
--    0 not enough stock                               (SOLD_OUT)
--   -3 gate missing: rebuild it from the database, then retry (epoch is '')
local gate = redis.call('HMGET', KEYS[1], 'status', 'startsAt', 'endsAt', 'perHolderLimit', 'perPeriodLimit',
  'stock', 'epoch')
local epoch = gate[7]
if not epoch then
  return {-3, '', 0}
end
local now = tonumber(ARGV[2])
if gate[1] ~= 'ACTIVE' or now < tonumber(gate[2]) or now >= tonumber(gate[3]) then
  return {-2, epoch, 0}
end
local units = tonumber(ARGV[3])
local holderLimit = tonumber(gate[4])
if holderLimit > 0 and tonumber(redis.call('HGET', KEYS[2], ARGV[1]) or '0') + units > holderLimit then
  return {-1, epoch, 0}
end
local periodLimit = tonumber(gate[5])
local periodField = ARGV[4] .. '|' .. ARGV[1]
if periodLimit > 0 and tonumber(redis.call('HGET', KEYS[2], periodField) or '0') + units > periodLimit then
  return {-4, epoch, 0}
end
if tonumber(gate[6]) < units then
  return {0, epoch, 0}
end
redis.call('HINCRBY', KEYS[1], 'stock', -units)
local written = {KEYS[3]}
if holderLimit > 0 then
  redis.call('HINCRBY', KEYS[2], ARGV[1], units)
end
if periodLimit > 0 then
  redis.call('HINCRBY', KEYS[2], periodField, units)
end
if holderLimit > 0 or periodLimit > 0 then
  written[#written + 1] = KEYS[2]
end
redis.call('ZADD', KEYS[3], now, ARGV[5])
local sequence = 0
if ARGV[6] == '1' then
  sequence = redis.call('HINCRBY', KEYS[1], 'seq', 1)
  redis.call('ZADD', KEYS[4], sequence, ARGV[5])
  written[#written + 1] = KEYS[4]
end
-- The keys written here live as long as the gate: created here (nothing in them at the
-- rebuild), they would otherwise never expire.
local ttl = redis.call('PTTL', KEYS[1])
if ttl > 0 then
  for _, key in ipairs(written) do
    if redis.call('PTTL', key) < 0 then
      redis.call('PEXPIRE', key, ttl)
    end
  end
end
return {1, epoch, sequence}
