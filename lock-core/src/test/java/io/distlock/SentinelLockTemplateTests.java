package io.distlock;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisSentinelExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The lock contract through Sentinel (master, replica, three sentinels), with Lettuce and Jedis.
 */
class SentinelLockTemplateTests {

    @RegisterExtension
    static final RedisSentinelExtension sentinel = RedisSentinelExtension.create();

    static RedisConnectionFactory factory(boolean lettuce) {
        var configuration = RedisFactories.sentinel(sentinel.sentinel().masterName(),
                sentinel.sentinel().sentinelAddresses());
        return lettuce ? RedisFactories.lettuce(configuration) : RedisFactories.jedis(configuration);
    }

    @Nested
    class Lettuce extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return factory(true);
        }
    }

    @Nested
    class Jedis extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return factory(false);
        }
    }
}
