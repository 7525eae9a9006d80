package io.distlock.actuate.endpoint;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.Selector.Match;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockTemplate;
import io.distlock.redis.RedisLockBackend;

/**
 * The {@code locks} endpoint with a force-release operation:
 * {@code DELETE /actuator/locks/{redisKey}} deletes the lock key in Redis, whoever owns it, and
 * wakes its waiters in every instance.
 * <p>
 * <strong>Dangerous.</strong> The owner, in this or another instance, may still be inside its
 * critical section, and the next caller will enter it at the same time. The owner learns of the
 * loss only at its next renewal (watchdog locks) or release (fixed leases). Use it only to free a lock whose holder is known to be dead
 * or stuck, and prefer fencing tokens in the protected resource. Only enabled with
 * {@code distributed-lock.endpoint.force-release-enabled=true}.
 */
public class ForceReleaseLocksEndpoint extends LocksEndpoint {

    private final RedisLockBackend backend;

    /**
     * Creates the endpoint.
     * @param lockTemplate the template whose locks are listed
     * @param connectionFactory the Redis the template's locks live in
     * @param backend the template's backend, which deletes the lock and wakes its waiters
     */
    public ForceReleaseLocksEndpoint(LockTemplate lockTemplate, RedisConnectionFactory connectionFactory,
            RedisLockBackend backend) {
        super(lockTemplate, connectionFactory, backend.keyPrefix());
        this.backend = backend;
    }

    /**
     * Deletes a lock key in Redis, whoever owns it.
     * @param redisKey the Redis key, as listed by {@link #locks()}
     * @return what was released
     * @throws InvalidEndpointRequestException (400) when the key is not a lock key
     */
    @DeleteOperation
    public ForcedReleaseDescriptor release(@Selector(match = Match.ALL_REMAINING) String[] redisKey) {
        String key = String.join("/", redisKey);
        if (!redisKeys().isLockKey(key)) {
            throw new InvalidEndpointRequestException("Not a lock key: " + key, "Not a lock key");
        }
        boolean ownedHere = ownLock(key) != null;
        return new ForcedReleaseDescriptor(key, this.backend.forceRelease(key), ownedHere);
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
