package io.distlock;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The lock contract on a standalone redis-server, with Lettuce and with Jedis.
 */
class StandaloneLockTemplateTests {

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    @Nested
    class Lettuce extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return RedisFactories.lettuce(RedisFactories.standalone(server.server().port()));
        }
    }

    @Nested
    class Jedis extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return RedisFactories.jedis(RedisFactories.standalone(server.server().port()));
        }
    }
}
