package io.distlock;

import java.time.Duration;

/**
 * A snapshot of one lock this process holds, as listed by {@link LockTemplate#heldLocks()}.
 *
 * @param name the lock's metrics name
 * @param key the key as given to the template
 * @param redisKey the Redis key ({@code <key-prefix>key})
 * @param fencingToken the hold's fencing token
 * @param heldFor how long it has been held
 * @param expiresIn how long until the lease runs out unless renewed
 * @param renewals how many times the watchdog renewed it
 * @param watchdog whether the watchdog renews it
 */
public record HeldLockInfo(String name, String key, String redisKey, long fencingToken, Duration heldFor,
        Duration expiresIn, long renewals, boolean watchdog) {
}
