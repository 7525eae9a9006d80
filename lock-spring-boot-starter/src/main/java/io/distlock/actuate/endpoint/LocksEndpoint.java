package io.distlock.actuate.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

import io.distlock.HeldLockInfo;
import io.distlock.LockTemplate;

/**
 * The {@code locks} endpoint: the distributed locks this instance holds, and the state of one
 * lock key in Redis.
 * <ul>
 * <li>{@code GET /actuator/locks} lists this instance's locks (no Redis call).</li>
 * <li>{@code GET /actuator/locks/{redisKey}}, with a Redis key as listed (key prefix included),
 * reads the key in Redis: whether it is held, its time to live and whether this instance owns it.
 * A key that is not held, or that is outside the key prefix, is not found (404).</li>
 * </ul>
 * Lock owner ids are never shown: they are what makes a release owner-checked.
 *
 * @see ForceReleaseLocksEndpoint
 */
@Endpoint(id = "locks")
public class LocksEndpoint {

    private final LockTemplate lockTemplate;

    private final RedisLockKeys redisKeys;

    /**
     * Creates the endpoint.
     * @param lockTemplate the template whose locks are listed
     * @param connectionFactory the Redis the template's locks live in
     * @param keyPrefix the key prefix of every lock key ({@code distributed-lock.key-prefix})
     */
    public LocksEndpoint(LockTemplate lockTemplate, RedisConnectionFactory connectionFactory, String keyPrefix) {
        Assert.notNull(lockTemplate, "'lockTemplate' must not be null");
        this.lockTemplate = lockTemplate;
        this.redisKeys = new RedisLockKeys(connectionFactory, keyPrefix);
    }

    /** The locks this instance holds now. */
    @ReadOperation
    public HeldLocksDescriptor locks() {
        return new HeldLocksDescriptor(this.lockTemplate.heldLocks().stream().map(HeldLockDescriptor::of).toList());
    }

    /**
     * The state of one lock key in Redis.
     * @param redisKey the Redis key, as listed by {@link #locks()}; its path segments when it contains {@code /}
     * @return the lock's state, or {@code null} (not found) when it is not held or not a lock key
     */
    @ReadOperation
    public @Nullable RedisLockDescriptor lock(@Selector(match = Match.ALL_REMAINING) String[] redisKey) {
        String key = String.join("/", redisKey);
        if (!this.redisKeys.isLockKey(key)) {
            return null;
        }
        Long ttl = this.redisKeys.ttlMillis(key);
        if (ttl == null) {
            return null;
        }
        HeldLockInfo own = ownLock(key);
        return new RedisLockDescriptor(key, true, ttl, own != null, (own != null) ? HeldLockDescriptor.of(own) : null);
    }

    /** The lock keys in Redis, for subclasses. */
    final RedisLockKeys redisKeys() {
        return this.redisKeys;
    }

    /** This instance's hold of {@code redisKey}, or {@code null}. */
    final @Nullable HeldLockInfo ownLock(String redisKey) {
        for (HeldLockInfo info : this.lockTemplate.heldLocks()) {
            if (info.redisKey().equals(redisKey)) {
                return info;
            }
        }
        return null;
    }

    /**
     * The locks this instance holds.
     *
     * @param locks one entry per lock (outermost holds; re-entrant holds are not listed twice)
     */
    public record HeldLocksDescriptor(List<HeldLockDescriptor> locks) implements OperationResponseBody {
    }

    /**
     * One lock this instance holds.
     *
     * @param name the lock's logical name (the {@code lock} metrics tag)
     * @param key the key as given to the template
     * @param redisKey the Redis key
     * @param fencingToken the hold's fencing token
     * @param heldForMillis how long it has been held, in milliseconds
     * @param expiresInMillis how long until its lease runs out unless renewed, in milliseconds
     * @param renewals how many times the watchdog renewed it
     * @param watchdog whether the watchdog renews it (false for a fixed lease)
     */
    public record HeldLockDescriptor(String name, String key, String redisKey, long fencingToken, long heldForMillis,
            long expiresInMillis, long renewals, boolean watchdog) implements OperationResponseBody {

        static HeldLockDescriptor of(HeldLockInfo info) {
            return new HeldLockDescriptor(info.name(), info.key(), info.redisKey(), info.fencingToken(),
                    info.heldFor().toMillis(), info.expiresIn().toMillis(), info.renewals(), info.watchdog());
        }
    }

    /**
     * A lock key as Redis has it now.
     *
     * @param redisKey the Redis key
     * @param held whether the key is held (by any instance)
     * @param ttlMillis its remaining time to live in milliseconds; {@code -1} when it has no expiry
     * @param owned whether this instance holds it
     * @param lock this instance's hold, when {@code owned}
     */
    public record RedisLockDescriptor(String redisKey, boolean held, long ttlMillis, boolean owned,
            @Nullable HeldLockDescriptor lock) implements OperationResponseBody {
    }
}
