-- force-release.lua: delete a lock whoever owns it, then wake the waiters (operator use only).
--
-- KEYS[1]  the lock key
-- ARGV[1]  the release channel (starts with the key prefix)
-- ARGV[2]  the message published on it: "<backend id> <lock key>"
-- ARGV[3]  the publish command: 'publish', or 'spublish' for a sharded channel
--
-- Returns 1 when the lock existed and was deleted, 0 when it did not exist.
if redis.call('del', KEYS[1]) == 0 then
    return 0
end
redis.call(ARGV[3], ARGV[1], ARGV[2])
return 1
