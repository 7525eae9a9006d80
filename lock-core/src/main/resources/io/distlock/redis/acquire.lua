-- acquire.lua: take a lock if it is free and issue its fencing token, in one round trip.
--
-- KEYS[1]  the lock key
-- KEYS[2]  the fence counter of KEYS[1]'s hash slot (same slot, so Cluster runs this on one node)
-- ARGV[1]  the owner id: random per acquisition
-- ARGV[2]  the lease in milliseconds
--
-- Returns {1, token} when the lock was taken: token is greater than every token the counter
--         issued before, and than the server's clock in microseconds, so tokens keep rising
--         even when the counter was lost (restart without persistence, failover);
--         {0, pttl} when another owner holds it: pttl is the holder's remaining lease in ms
--         (-1 when the key has no expiry).
if not redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
    return {0, redis.call('pttl', KEYS[1])}
end
local token = redis.call('incr', KEYS[2])
local now = redis.call('time')
local clock = tonumber(now[1]) * 1000000 + tonumber(now[2])
if token <= clock then
    token = clock + 1
    redis.call('set', KEYS[2], string.format('%.0f', token))
end
return {1, token}
