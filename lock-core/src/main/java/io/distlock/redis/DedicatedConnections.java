package io.distlock.redis;

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.util.ClassUtils;

/**
 * Lettuce connections of distlock's own, for commands that block their connection: {@code WAIT}
 * holds a connection until the replicas acknowledge, and on Lettuce's shared connection every
 * other command of the application would queue behind it. Made by the factory's own client (same
 * address, Sentinel lookup, credentials, TLS and timeouts), one per concurrent caller; a few are
 * kept open for reuse, and closed with the backend. Jedis needs none of this: each pooled call
 * has a connection of its own.
 */
final class DedicatedConnections {

    private static final Log logger = LogFactory.getLog(DedicatedConnections.class);

    private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
            DedicatedConnections.class.getClassLoader());

    /** Connections kept open between calls; more concurrent callers get connections closed after use. */
    private static final int MAX_IDLE = 8;

    private final LettuceConnectionFactory factory;

    private final Deque<StatefulRedisConnection<byte[], byte[]>> idle = new ConcurrentLinkedDeque<>();

    private volatile boolean closed;

    private DedicatedConnections(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    /** Dedicated connections for a Lettuce factory on standalone or Sentinel, else null. */
    static DedicatedConnections forFactory(RedisConnectionFactory factory) {
        return (LETTUCE_PRESENT && factory instanceof LettuceConnectionFactory lettuce) ? new DedicatedConnections(lettuce)
                : null;
    }

    /**
     * Runs {@code callback} on a connection no other caller uses meanwhile.
     * @return the callback's result, or {@code fallback}'s when the factory's client cannot make
     * connections of its own (a client without a default address, such as static master/replica)
     */
    <T> T execute(RedisCallback<T> callback, RedisCallbackRunner<T> fallback) {
        AbstractRedisClient nativeClient = this.factory.getRequiredNativeClient();
        if (!(nativeClient instanceof RedisClient client)) {
            return fallback.run(callback);
        }
        StatefulRedisConnection<byte[], byte[]> connection = this.idle.pollFirst();
        if (connection == null || !connection.isOpen()) {
            try {
                connection = client.connect(ByteArrayCodec.INSTANCE);
            }
            catch (IllegalStateException | IllegalArgumentException ex) {
                logger.debug("No dedicated connection for WAIT; using the factory's", ex);
                return fallback.run(callback);
            }
        }
        boolean reusable = false;
        try {
            T result = callback.doInRedis(new LettuceConnection(connection, this.factory.getTimeout(), client,
                    this.factory.getDatabase()));
            reusable = true;
            return result;
        }
        finally {
            if (reusable && !this.closed && this.idle.size() < MAX_IDLE) {
                this.idle.offerFirst(connection);
            }
            else {
                connection.closeAsync();
            }
        }
    }

    /** Closes the idle connections; those in use are closed when their call ends. */
    void close() {
        this.closed = true;
        for (StatefulRedisConnection<byte[], byte[]> connection; (connection = this.idle.pollFirst()) != null;) {
            connection.closeAsync();
        }
    }

    /** How to run a callback when no dedicated connection can be made. */
    @FunctionalInterface
    interface RedisCallbackRunner<T> {

        T run(RedisCallback<T> callback);
    }
}
