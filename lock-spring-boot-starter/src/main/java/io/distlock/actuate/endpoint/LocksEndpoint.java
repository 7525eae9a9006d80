package io.distlock.actuate.endpoint;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

import io.distlock.HeldLockInfo;
import io.distlock.LockTemplate;
import io.distlock.redis.RedisLockBackend;

/**
 * The {@code locks} endpoint: the distributed locks this instance holds, and the state of one
 * lock key in Redis.
 * <ul>
 * <li>{@code GET /actuator/locks} lists this instance's locks (no Redis call).</li>
 * <li>{@code GET /actuator/locks/{redisKey}}, with a Redis key as listed (key prefix included),
 * reads the key in Redis: whether it is held, its time to live and whether this instance owns it.
 * A key that is not held, or that is outside the key prefix, is not found (404).</li>
 * <li>{@code DELETE /actuator/locks/{redisKey}} force-releases the lock: deletes the key in Redis,
 * whoever owns it, and wakes its waiters in every instance. Read-only by default
 * ({@code defaultAccess = READ_ONLY}): only offered with
 * {@code management.endpoint.locks.access=unrestricted}.</li>
 * </ul>
 * <strong>Force-release is dangerous.</strong> The owner, in this or another instance, may still be
 * inside its critical section, and the next caller will enter it at the same time. The owner learns
 * of the loss only at its next renewal (watchdog locks) or release (fixed leases). Use it only to
 * free a lock whose holder is known to be dead or stuck, and prefer fencing tokens in the protected
 * resource.
 * <p>
 * Lock owner ids are never shown: they are what makes a release owner-checked.
 */
@Endpoint(id = "locks", defaultAccess = Access.READ_ONLY)
public class LocksEndpoint {

    private final LockTemplate lockTemplate;

    private final RedisLockKeys redisKeys;

    private final RedisLockBackend backend;

    /**
     * Creates the endpoint.
     * @param lockTemplate the template whose locks are listed
     * @param connectionFactory the Redis the template's locks live in
     * @param backend the template's backend: its key prefix, and it deletes a force-released lock
     * and wakes its waiters
     */
    public LocksEndpoint(LockTemplate lockTemplate, RedisConnectionFactory connectionFactory,
            RedisLockBackend backend) {
        Assert.notNull(lockTemplate, "'lockTemplate' must not be null");
        Assert.notNull(backend, "'backend' must not be null");
        this.lockTemplate = lockTemplate;
        this.redisKeys = new RedisLockKeys(connectionFactory, backend.keyPrefix());
        this.backend = backend;
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

    /**
     * Deletes a lock key in Redis, whoever owns it, and wakes its waiters in every instance.
     * Dangerous: see the class description.
     * @param redisKey the Redis key, as listed by {@link #locks()}; its path segments when it contains {@code /}
     * @return what was released
     * @throws InvalidEndpointRequestException (400) when the key is not a lock key
     */
    @DeleteOperation
    public ForcedReleaseDescriptor release(@Selector(match = Match.ALL_REMAINING) String[] redisKey) {
        String key = String.join("/", redisKey);
        if (!this.redisKeys.isLockKey(key)) {
            throw new InvalidEndpointRequestException("Not a lock key: " + key, "Not a lock key");
        }
        boolean ownedHere = ownLock(key) != null;
        return new ForcedReleaseDescriptor(key, this.backend.forceRelease(key), ownedHere);
    }

    /** This instance's hold of {@code redisKey}, or {@code null}. */
    private @Nullable HeldLockInfo ownLock(String redisKey) {
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

    /**
     * The outcome of a force-release.
     *
     * @param redisKey the Redis key
     * @param released whether the key existed and was deleted
     * @param ownedByThisInstance whether this instance held it (it will find it lost)
     */
    public record ForcedReleaseDescriptor(String redisKey, boolean released, boolean ownedByThisInstance)
            implements OperationResponseBody {
    }
}
