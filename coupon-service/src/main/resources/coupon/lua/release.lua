-- Releases one admission after the database refused it or the write failed.
-- Applies only to the gate generation that admitted it: after a rebuild the gate was
-- recounted from the database, and releasing an older admission would count it twice.
-- KEYS[1] coupon:{id}:gate   KEYS[2] coupon:{id}:users
-- ARGV[1] user id
-- ARGV[2] epoch returned by admit.lua
-- ARGV[3] stock: 'restore' (+1) or 'zero' (the database says sold out)
-- ARGV[4] user: 'restore' (-1) or 'keep' (the database says the user is at the limit)
-- Returns 1 released, 0 ignored (gate missing or rebuilt since)
if redis.call('HGET', KEYS[1], 'epoch') ~= ARGV[2] then
  return 0
end
if ARGV[3] == 'zero' then
  redis.call('HSET', KEYS[1], 'stock', 0)
else
  redis.call('HINCRBY', KEYS[1], 'stock', 1)
end
if ARGV[4] == 'restore' then
  if redis.call('HINCRBY', KEYS[2], ARGV[1], -1) <= 0 then
    redis.call('HDEL', KEYS[2], ARGV[1])
  end
end
return 1
