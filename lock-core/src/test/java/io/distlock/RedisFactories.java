package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.jedis.JedisClientConfiguration;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Connection factories for the tests, started and ready, with a short command timeout so a
 * dead server fails a call quickly.
 */
public final class RedisFactories {

    public static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

    private RedisFactories() {
    }

    public static RedisStandaloneConfiguration standalone(int port) {
        return new RedisStandaloneConfiguration("127.0.0.1", port);
    }

    public static RedisSentinelConfiguration sentinel(String masterName, List<String> sentinels) {
        RedisSentinelConfiguration configuration = new RedisSentinelConfiguration();
        configuration.master(masterName);
        for (String address : sentinels) {
            String[] hostPort = address.split(":");
            configuration.sentinel(hostPort[0], Integer.parseInt(hostPort[1]));
        }
        return configuration;
    }

    public static RedisClusterConfiguration cluster(List<String> nodes) {
        return new RedisClusterConfiguration(nodes);
    }

    public static LettuceConnectionFactory lettuce(RedisConfiguration configuration) {
        return lettuce(configuration, COMMAND_TIMEOUT);
    }

    /**
     * A Lettuce factory with the given command timeout: a long one (Lettuce's default is 60 s)
     * shows whether a dead or frozen server holds up what should not wait for it.
     */
    public static LettuceConnectionFactory lettuce(RedisConfiguration configuration, Duration commandTimeout) {
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    public static JedisConnectionFactory jedis(RedisConfiguration configuration) {
        return jedis(configuration, COMMAND_TIMEOUT);
    }

    /** A pooled Jedis factory with the given connect and read timeout. */
    public static JedisConnectionFactory jedis(RedisConfiguration configuration, Duration timeout) {
        JedisClientConfiguration client = JedisClientConfiguration.builder().connectTimeout(timeout)
                .readTimeout(timeout).usePooling().build();
        JedisConnectionFactory factory;
        if (configuration instanceof RedisSentinelConfiguration sentinel) {
            factory = new JedisConnectionFactory(sentinel, client);
        }
        else if (configuration instanceof RedisClusterConfiguration cluster) {
            factory = new JedisConnectionFactory(cluster, client);
        }
        else {
            factory = new JedisConnectionFactory((RedisStandaloneConfiguration) configuration, client);
        }
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /**
     * A Redlock backend over {@code servers}, one Lettuce factory per node with {@code commandTimeout}
     * and a 200 ms node timeout; {@code factories} receives the factories, for the test to destroy.
     */
    public static RedlockBackend redlock(List<RedisServer> servers, Duration commandTimeout,
            List<LettuceConnectionFactory> factories) {
        List<RedisLockBackend> backends = new ArrayList<>();
        for (RedisServer server : servers) {
            LettuceConnectionFactory factory = lettuce(standalone(server.port()), commandTimeout);
            factories.add(factory);
            backends.add(new RedisLockBackend(factory, "lock:"));
        }
        return new RedlockBackend(backends, Duration.ofMillis(200));
    }

    public static void destroy(RedisConnectionFactory factory) {
        if (factory instanceof LettuceConnectionFactory lettuce) {
            lettuce.destroy();
        }
        else if (factory instanceof JedisConnectionFactory jedis) {
            jedis.destroy();
        }
    }
}
