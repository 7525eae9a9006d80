-- extend.lua: owner-checked extension of one lock that never shortens it (LockHandle.extend).
--
-- KEYS[1]  the lock key
-- ARGV[1]  the owner id the lock was acquired with
-- ARGV[2]  the lease in milliseconds, at least 1: the lock must not expire sooner than this
--
-- Returns 1 when ARGV[1] owns the lock: it now expires ARGV[2] ms from now, or later if its
--         remaining lease was already longer (then it is left as it was); 0 when the lock is gone
--         or owned by another (nothing is touched then).
if redis.call('get', KEYS[1]) ~= ARGV[1] then
    return 0
end
local lease = tonumber(ARGV[2])
local remaining = redis.call('pttl', KEYS[1])
if remaining >= 0 and remaining < lease then
    redis.call('pexpire', KEYS[1], lease)
end
return 1
