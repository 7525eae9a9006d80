package io.distlock.benchmarks.clients;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * ShedLock's {@link RedisLockProvider} built with {@code safeUpdate(true)} (owner-checked unlock)
 * on a {@link LettuceConnectionFactory}; {@code lockAtMostFor} 30 s, {@code lockAtLeastFor} 0.
 * ShedLock never waits (a taken lock means "skip"); to wait, this client retries at once until
 * the wait runs out, as the raw floor does.
 */
final class ShedLockClient implements LockClient {

    private static final Duration LOCK_AT_MOST_FOR = Duration.ofSeconds(30);

    private final LettuceConnectionFactory factory;

    private final RedisLockProvider provider;

    ShedLockClient(int port) {
        this.factory = Connections.lettuceFactory(port);
        this.provider = new RedisLockProvider.Builder(this.factory).safeUpdate(true).build();
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            Optional<SimpleLock> lock = this.provider
                .lock(new LockConfiguration(Instant.now(), key, LOCK_AT_MOST_FOR, Duration.ZERO));
            if (lock.isPresent()) {
                try {
                    body.run();
                }
                finally {
                    lock.get().unlock();
                }
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        this.factory.destroy();
    }
}
