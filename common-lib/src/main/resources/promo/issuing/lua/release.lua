-- Gives back one admission after the database refused it or the write failed, and ends its
-- in-flight tracking and its place in the waiting room. Applies only to the gate generation that admitted it: after a rebuild the
-- gate was recounted from the database, and releasing an older admission would count it twice.
-- KEYS[1] <name>:{id}:gate   KEYS[2] <name>:{id}:holders   KEYS[3] <name>:{id}:inflight
-- KEYS[4] <name>:{id}:queue (the waiting room; the request leaves it)
-- ARGV[1] holder id
-- ARGV[2] epoch returned by admit.lua
-- ARGV[3] stock: 'restore' (+units) or 'zero' (the database says sold out)
-- ARGV[4] holder: 'restore' (-units) or 'keep' (the database says the holder is at a limit)
-- ARGV[5] units
-- ARGV[6] the period key of the admission ('' for none)
-- ARGV[7] request id
-- Returns 1 released, 0 ignored (gate missing or rebuilt since)
redis.call('ZREM', KEYS[3], ARGV[7])
redis.call('ZREM', KEYS[4], ARGV[7])
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[2] then
  return 0
end
local units = tonumber(ARGV[5])
if ARGV[3] == 'zero' then
  redis.call('HSET', KEYS[1], 'stock', 0)
else
  redis.call('HINCRBY', KEYS[1], 'stock', units)
end
if ARGV[4] == 'restore' then
  local fields = {ARGV[1]}
  if ARGV[6] ~= '' then
    fields[2] = ARGV[6] .. '|' .. ARGV[1]
  end
  for _, field in ipairs(fields) do
    if redis.call('HEXISTS', KEYS[2], field) == 1 and redis.call('HINCRBY', KEYS[2], field, -units) <= 0 then
      redis.call('HDEL', KEYS[2], field)
    end
  end
end
return 1
