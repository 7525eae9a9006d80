package io.distlock.benchmarks.clients;

import java.util.concurrent.TimeUnit;

import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson's {@link RLock}: {@code getLock(key)}, {@code tryLock(wait, unit)} with the default
 * watchdog lease (30 s, renewed every 10 s), {@code unlock()}. Default single-server settings.
 */
final class RedissonLockClient implements LockClient {

    private final RedissonClient redisson;

    RedissonLockClient(int port) {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + Connections.HOST + ":" + port);
        this.redisson = Redisson.create(config);
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) throws InterruptedException {
        RLock lock = this.redisson.getLock(key);
        if (!lock.tryLock(waitMillis, TimeUnit.MILLISECONDS)) {
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

    @Override
    public void close() {
        this.redisson.shutdown();
    }
}
