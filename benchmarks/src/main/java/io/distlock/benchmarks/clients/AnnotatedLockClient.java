package io.distlock.benchmarks.clients;

import io.distlock.LockAcquisitionException;
import io.distlock.annotation.DistributedLock;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * distlock through {@code @DistributedLock} on a bean method, in a minimal Spring Boot application
 * (no web server) auto-configured by {@code lock-spring-boot-starter} on Boot's Lettuce
 * connection factory (no pool, as the template contender). The wait is the annotation's ({@value LockedWork#WAIT}), whatever the caller asks.
 */
final class AnnotatedLockClient implements LockClient {

    private final ConfigurableApplicationContext context;

    private final LockedWork work;

    AnnotatedLockClient(int port) {
        this.context = new SpringApplicationBuilder(Application.class).web(WebApplicationType.NONE)
            .bannerMode(Banner.Mode.OFF)
            .logStartupInfo(false)
            .registerShutdownHook(false)
            .properties("spring.data.redis.host=" + Connections.HOST, "spring.data.redis.port=" + port,
                    // As DistlockTemplateClient's factory: one shared native connection, no pool (commons-pool2
                    // is on this classpath only through the test support's Jedis).
                    "spring.data.redis.lettuce.pool.enabled=false")
            .run();
        this.work = this.context.getBean(LockedWork.class);
    }

    @Override
    public boolean cycle(String key, long waitMillis, Runnable body) {
        try {
            this.work.run(key, body);
            return true;
        }
        catch (LockAcquisitionException ex) {
            return false;
        }
    }

    @Override
    public void close() {
        this.context.close();
    }

    /** The benchmark application: auto-configuration and one annotated bean. */
    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class Application {

        @Bean
        LockedWork lockedWork() {
            return new LockedWork();
        }
    }

    /** The annotated bean; its Redis key is {@code lock:bench:<key>}. */
    public static class LockedWork {

        static final String WAIT = "10s";

        /** Runs {@code body} while holding the lock on {@code key}. */
        @DistributedLock(key = "#key", name = "bench", waitTime = WAIT)
        public void run(String key, Runnable body) {
            body.run();
        }
    }
}
