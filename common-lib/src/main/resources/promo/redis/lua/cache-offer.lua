-- GuardedCache: caches a value read from the database, unless the key changed since the reader
-- looked at it (a change committed meanwhile evicted it, so what the reader read may be stale).
-- KEYS[1]  the cache key (e.g. point-balance:{<userId>})
-- ARGV[1]  what the reader saw before reading the database ('' = no key)
-- ARGV[2]  the value to cache
-- ARGV[3]  its time to live, milliseconds (> 0)
-- Returns 1 if cached, 0 if the key had changed (nothing written).
local current = redis.call('GET', KEYS[1])
if (current == false and ARGV[1] == '') or current == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
  return 1
end
return 0
