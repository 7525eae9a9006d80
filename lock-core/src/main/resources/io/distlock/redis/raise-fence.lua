-- raise-fence.lua: raise a fence counter to at least a given token (Redlock's write-back).
--
-- KEYS[1]  the fence counter of the lock's hash slot
-- ARGV[1]  the token the counter must not stay below
--
-- Returns the counter's value afterwards.
local current = tonumber(redis.call('get', KEYS[1]) or '0')
local token = tonumber(ARGV[1])
if current < token then
    redis.call('set', KEYS[1], ARGV[1])
    return token
end
return current
