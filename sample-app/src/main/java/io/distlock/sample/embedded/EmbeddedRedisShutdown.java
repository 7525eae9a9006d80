package io.distlock.sample.embedded;

import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

import io.distlock.test.redis.RedisServer;

/**
 * Stops the embedded server with its application: as the last thing the context destroys (after
 * the lock template and the Redis connections), or when the application fails to start.
 */
final class EmbeddedRedisShutdown {

    private static final String BEAN_NAME = "sampleEmbeddedRedisServer";

    private EmbeddedRedisShutdown() {
    }

    static void register(SpringApplication application, RedisServer server) {
        application.addInitializers(context -> {
            if (context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry) {
                // Registered before any bean, so destroyed after all of them.
                registry.registerDisposableBean(BEAN_NAME, () -> stop(server));
            }
        });
        application.addListeners((ApplicationListener<ApplicationEvent>) event -> {
            if (event instanceof ApplicationFailedEvent) {
                stop(server);
            }
        });
    }

    private static void stop(RedisServer server) {
        try {
            server.stop();
        } finally {
            server.close();
        }
    }
}
