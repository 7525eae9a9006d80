package io.distlock.benchmarks.clients;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Spring Data Redis connection factories as an application would get them from Boot (Lettuce, shared connection). */
final class Connections {

    static final String HOST = "127.0.0.1";

    private Connections() {
    }

    static LettuceConnectionFactory lettuceFactory(int port) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(HOST, port));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }
}
