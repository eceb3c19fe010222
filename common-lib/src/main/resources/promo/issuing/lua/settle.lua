-- Ends the in-flight tracking of requests the database has decided (written or refused and
-- released). One call per resource and batch.
-- KEYS[1] <name>:{id}:inflight
-- ARGV    request ids
-- Returns how many were in flight
return redis.call('ZREM', KEYS[1], unpack(ARGV))
