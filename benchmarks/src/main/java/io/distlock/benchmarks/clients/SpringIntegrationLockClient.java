package io.distlock.benchmarks.clients;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;
import org.springframework.integration.redis.util.RedisLockRegistry.RedisLockType;

/**
 * Spring Integration's {@link RedisLockRegistry} on a {@link LettuceConnectionFactory}:
 * {@code obtain(key)}, {@code tryLock(wait, unit)}, {@code unlock()}, with the registry's defaults
 * (60 s expiry, 100 ms between tries for {@code SPIN_LOCK}).
 */
final class SpringIntegrationLockClient implements LockClient {

    private final LettuceConnectionFactory factory;

    private final RedisLockRegistry registry;

    SpringIntegrationLockClient(int port, boolean pubSub) {
        this.factory = Connections.lettuceFactory(port);
        this.registry = new RedisLockRegistry(this.factory, "si-bench");
        this.registry.setRedisLockType(pubSub ? RedisLockType.PUB_SUB_LOCK : RedisLockType.SPIN_LOCK);
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) throws InterruptedException {
        Lock lock = obtainAndLock(key, waitMillis);
        if (lock == null) {
            return false;
        }
        try {
            body.run();
        }
        finally {
            lock.unlock();
        }
        return true;
    }

    /**
     * The registry keeps at most 100,000 lock objects; with fresh keys from many threads one can be
     * evicted between {@code obtain} and {@code tryLock}, which then fails and asks for a fresh
     * lock ("evicted from the exhausted cache"): that is what this does, as a user would.
     */
    private Lock obtainAndLock(String key, long waitMillis) throws InterruptedException {
        for (int attempt = 1;; attempt++) {
            Lock lock = this.registry.obtain(key);
            try {
                return lock.tryLock(waitMillis, TimeUnit.MILLISECONDS) ? lock : null;
            }
            catch (CannotAcquireLockException ex) {
                if (attempt >= 3 || !(ex.getCause() instanceof IllegalStateException evicted)
                        || !String.valueOf(evicted.getMessage()).contains("evicted")) {
                    throw ex;
                }
            }
        }
    }

    @Override
    public void close() {
        this.registry.destroy();
        this.factory.destroy();
    }
}
