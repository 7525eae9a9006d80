package io.distlock.observability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.redis.connection.RedisPassword;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockListener;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;

/**
 * Connection factories and lock templates on a test's redis-server, closed together at the end of
 * the test: what an application instance would have, without Spring.
 */
public final class TestRedis implements AutoCloseable {

    /** The key prefix of every template made here. */
    public static final String KEY_PREFIX = "lock:";

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** A started Lettuce factory for {@code port}, with a short command timeout. */
    public LettuceConnectionFactory connectionFactory(int port, Duration commandTimeout) {
        return connectionFactory(port, null, commandTimeout);
    }

    /** A started Lettuce factory for {@code port} authenticating with {@code password} (may be null). */
    public LettuceConnectionFactory connectionFactory(int port, String password, Duration commandTimeout) {
        RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", port);
        configuration.setPassword(RedisPassword.of(password));
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
        factory.afterPropertiesSet();
        factory.start();
        this.resources.add(factory::destroy);
        return factory;
    }

    /** A template over {@code factory} with a watchdog lease of {@code leaseTime}, hearing {@code listeners}. */
    public DefaultLockTemplate template(LettuceConnectionFactory factory, Duration leaseTime, LockListener... listeners) {
        DefaultLockTemplate.Builder builder = DefaultLockTemplate.builder(new RedisLockBackend(factory, KEY_PREFIX))
            .leaseTime(leaseTime);
        for (LockListener listener : listeners) {
            builder.listener(listener);
        }
        DefaultLockTemplate template = builder.build();
        this.resources.add(template);
        return template;
    }

    /** Closes templates before the factories they use, last made first. */
    @Override
    public void close() throws Exception {
        for (int i = this.resources.size() - 1; i >= 0; i--) {
            this.resources.get(i).close();
        }
        this.resources.clear();
    }
}
