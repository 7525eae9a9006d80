package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 12: closing the application returns within a few seconds whatever state Redis is in,
 * here with the servers killed while a lock is held. The Redis client keeps its default command
 * timeout (60 s), as an application that does not set {@code spring.data.redis.timeout} would.
 * <p>
 * The context is closed on another thread, so that a close that hangs fails the test instead of
 * hanging it.
 */
class DistributedLockShutdownWithRedisDownTests {

    private static final Duration CLOSE_WITHIN = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    @Test
    void rule12_closingReturnsWithinSecondsWhenRedisIsDown() {
        ConfigurableApplicationContext context = start("spring.data.redis.port=" + redis.port());
        context.getBean(LockTemplate.class).tryLock("orders:1", LockOptions.defaults()).orElseThrow();
        redis.server().kill();
        assertClosesInTime(context);
    }

    @Test
    void rule12_closingARedlockApplicationReturnsWithinSecondsWhenAMajorityOfNodesIsDown() {
        ConfigurableApplicationContext context = start("spring.data.redis.port=" + redis.port(),
                "distributed-lock.redlock.nodes=redis://127.0.0.1:" + redis.port() + ",redis://127.0.0.1:"
                        + node2.port() + ",redis://127.0.0.1:" + node3.port());
        // A wait: the first calls also connect to each node, which may take longer than the node timeout.
        context.getBean(LockTemplate.class)
            .tryLock("orders:1", LockOptions.builder().waitTime(Duration.ofSeconds(10)).build())
            .orElseThrow();
        redis.server().kill();
        node2.server().kill();
        assertClosesInTime(context);
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(LockApplication.class).web(WebApplicationType.NONE)
            .properties("distributed-lock.lease-time=30s")
            .properties(properties)
            .run();
    }

    private static void assertClosesInTime(ConfigurableApplicationContext context) {
        CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
        assertThat(closing).succeedsWithin(CLOSE_WITHIN);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({ DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class })
    static class LockApplication {

    }
}
