package io.distlock;

import java.time.Duration;
import java.util.List;

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
        LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(COMMAND_TIMEOUT).build();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(configuration, client);
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    public static JedisConnectionFactory jedis(RedisConfiguration configuration) {
        JedisClientConfiguration client = JedisClientConfiguration.builder().connectTimeout(COMMAND_TIMEOUT)
                .readTimeout(COMMAND_TIMEOUT).usePooling().build();
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

    public static void destroy(RedisConnectionFactory factory) {
        if (factory instanceof LettuceConnectionFactory lettuce) {
            lettuce.destroy();
        }
        else if (factory instanceof JedisConnectionFactory jedis) {
            jedis.destroy();
        }
    }
}
