-- renew.lua: owner-checked lease renewal of many locks in one round trip.
--
-- KEYS[1..n]       the lock keys (on Cluster, all in one hash slot)
-- ARGV[2i-1]       the owner id of KEYS[i]
-- ARGV[2i]         the new lease of KEYS[i] in milliseconds
--
-- Returns an array of n integers: 1 where KEYS[i] was still owned by its owner and now expires
--         ARGV[2i] ms from now, 0 where it was gone or owned by another (left untouched).
local renewed = {}
for i, key in ipairs(KEYS) do
    if redis.call('get', key) == ARGV[2 * i - 1] then
        redis.call('pexpire', key, ARGV[2 * i])
        renewed[i] = 1
    else
        renewed[i] = 0
    end
end
return renewed
