-- release.lua: owner-checked release of one lock, then wake the waiters.
--
-- KEYS[1]  the lock key
-- ARGV[1]  the owner id the lock was acquired with
-- ARGV[2]  the release channel (starts with the key prefix; on Cluster 7+, in KEYS[1]'s slot)
-- ARGV[3]  the message published on it: "<template id> <lock key>"
-- ARGV[4]  keep: when > 0, cut the lock's expiry to this many milliseconds instead of deleting
--          it (a minimum hold time); waiters are still notified, so that they time their next
--          try to the new expiry instead of the lease they last saw
-- ARGV[5]  the publish command: 'publish', or 'spublish' for a sharded channel
--
-- Returns 1 when ARGV[1] owned the lock (released, or kept for ARGV[4] ms), 0 when the lock was
--         gone or owned by another (nothing is touched then).
if redis.call('get', KEYS[1]) ~= ARGV[1] then
    return 0
end
local keep = tonumber(ARGV[4])
if keep > 0 then
    redis.call('pexpire', KEYS[1], keep)
else
    redis.call('del', KEYS[1])
end
redis.call(ARGV[5], ARGV[2], ARGV[3])
return 1
