package io.distlock;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisClusterExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The lock contract on a three-master Redis Cluster, with Lettuce and Jedis.
 */
class ClusterLockTemplateTests {

    @RegisterExtension
    static final RedisClusterExtension cluster = RedisClusterExtension.of(3, 0);

    static RedisConnectionFactory factory(boolean lettuce) {
        var configuration = RedisFactories.cluster(cluster.cluster().nodeAddresses());
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
