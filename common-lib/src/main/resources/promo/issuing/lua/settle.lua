-- Ends the in-flight tracking and the waiting-room places of requests the database has decided
-- (written, or refused and released). One call per resource and batch.
-- KEYS[1] <name>:{id}:inflight
-- KEYS[2] <name>:{id}:queue
-- ARGV    request ids
-- Returns how many were in flight
redis.call('ZREM', KEYS[2], unpack(ARGV))
return redis.call('ZREM', KEYS[1], unpack(ARGV))
