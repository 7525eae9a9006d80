package io.distlock.actuate.health;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisConnectionUtils;

/**
 * {@code PING} on a connection of a factory, for the lock health indicators; bounded by the
 * client's command timeout.
 */
final class RedisPing {

    private RedisPing() {
    }

    /**
     * Sends {@code PING} and gives the connection back.
     * @throws RuntimeException the client's exception when Redis does not answer
     */
    static void ping(RedisConnectionFactory connectionFactory) {
        RedisConnection connection = RedisConnectionUtils.getConnection(connectionFactory);
        try {
            connection.ping();
        }
        finally {
            RedisConnectionUtils.releaseConnection(connection, connectionFactory);
        }
    }
}
