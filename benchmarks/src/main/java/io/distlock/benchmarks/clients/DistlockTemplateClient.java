package io.distlock.benchmarks.clients;

import java.time.Duration;

import io.distlock.LockAcquisitionException;
import io.distlock.LockOptions;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * distlock's {@code LockTemplate.execute} on a {@link DefaultLockTemplate} over a
 * {@link RedisLockBackend} on a {@link LettuceConnectionFactory}, as the starter builds it
 * (key prefix {@code lock:}, watchdog lease of 30 s).
 */
final class DistlockTemplateClient implements LockClient {

    private final LettuceConnectionFactory factory;

    private final DefaultLockTemplate template;

    private volatile LockOptions options = options(0);

    DistlockTemplateClient(int port) {
        this.factory = Connections.lettuceFactory(port);
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).build();
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) {
        LockOptions options = this.options;
        if (options.waitTime().toMillis() != waitMillis) {
            options = options(waitMillis);
            this.options = options;
        }
        try {
            this.template.execute(key, options, (lock) -> {
                body.run();
                return null;
            });
            return true;
        }
        catch (LockAcquisitionException ex) {
            return false;
        }
    }

    private static LockOptions options(long waitMillis) {
        return LockOptions.builder().waitTime(Duration.ofMillis(waitMillis)).build();
    }

    @Override
    public void close() {
        this.template.close();
        this.factory.destroy();
    }
}
