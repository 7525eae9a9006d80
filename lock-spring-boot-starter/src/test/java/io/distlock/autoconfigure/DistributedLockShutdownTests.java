package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 12: closing the application releases the locks it holds, waking waiters in other
 * instances, before its Redis connections stop. Each lock is held with a 30 s watchdog lease, so a
 * lock left behind would block the waiter far longer than the test allows.
 */
class DistributedLockShutdownTests {

    private static final String RELEASE_CHANNEL = "lock:__distlock:released";

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final TestRedis testRedis = new TestRedis();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s",
                "distributed-lock.lease-time=30s");

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void rule12_closingTheApplicationReleasesItsLocksAndWakesWaitersElsewhere() {
        DefaultLockTemplate otherInstance = this.testRedis
            .template(this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2)), Duration.ofSeconds(30));
        this.runner.run((context) -> {
            context.getBean(LockTemplate.class).tryLock("orders:1", LockOptions.defaults()).orElseThrow();
            context.getBean(LockTemplate.class).tryLock("orders:2", LockOptions.defaults()).orElseThrow();
            assertThat(redis.server().command("EXISTS", "lock:orders:1", "lock:orders:2")).isEqualTo(2L);
            CompletableFuture<Optional<LockHandle>> waiter = CompletableFuture.supplyAsync(() -> otherInstance
                .tryLock("orders:1", LockOptions.builder().waitTime(Duration.ofSeconds(25)).build()));
            awaitSubscribers(redis, 1);
            long closing = System.nanoTime();
            context.close();
            // orders:1 may already be the waiter's.
            assertThat(redis.server().command("EXISTS", "lock:orders:2")).isEqualTo(0L);
            // Woken by the release notification: a lock left to expire would keep it waiting 30 s.
            Optional<LockHandle> taken = waiter.get(10, TimeUnit.SECONDS);
            assertThat(taken).isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
            taken.get().close();
        });
    }

    @Test
    void rule12_closingARedlockApplicationReleasesItsLocksOnEveryNode() {
        this.runner.withPropertyValues("distributed-lock.redlock.nodes=redis://127.0.0.1:" + redis.port()
                + ",redis://127.0.0.1:" + node2.port() + ",redis://127.0.0.1:" + node3.port()).run((context) -> {
                    // A wait: the first calls also connect to each node, which may take longer than the node timeout.
                    context.getBean(LockTemplate.class)
                        .tryLock("orders:1", LockOptions.builder().waitTime(Duration.ofSeconds(10)).build())
                        .orElseThrow();
                    List<RedisServerExtension> nodes = List.of(redis, node2, node3);
                    nodes.forEach((node) -> assertThat(node.server().command("EXISTS", "lock:orders:1")).isEqualTo(1L));
                    context.close();
                    nodes.forEach((node) -> assertThat(node.server().command("EXISTS", "lock:orders:1")).isEqualTo(0L));
                });
    }

    @Test
    void rule12_locksAreReleasedInAPhaseBetweenTheWebServersGracefulShutdownAndTheConnectionFactories() {
        this.runner.run((context) -> {
            SmartLifecycle shutdown = context.getBean(LockTemplateShutdownLifecycle.class);
            int connectionFactoryPhase = context.getBean(LettuceConnectionFactory.class).getPhase();
            // Stopped in descending phase order: in-flight requests finish first, the connections stop last.
            assertThat(shutdown.getPhase()).isGreaterThan(connectionFactoryPhase)
                .isLessThan(WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
            assertThat(shutdown.isRunning()).isTrue();
        });
    }

    @Test
    void rule12_theShutdownLifecycleCanBeReplaced() {
        this.runner.withBean("ownShutdown", LockTemplateShutdownLifecycle.class,
                () -> new LockTemplateShutdownLifecycle(() -> { }))
            .run((context) -> assertThat(context).hasSingleBean(LockTemplateShutdownLifecycle.class)
                .hasBean("ownShutdown"));
    }

    @Test
    void rule12_anApplicationsOwnTemplateIsLeftToTheApplication() {
        LockTemplate own = this.testRedis.template(this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2)),
                Duration.ofSeconds(30));
        this.runner.withBean(LockTemplate.class, () -> own)
            .run((context) -> assertThat(context).doesNotHaveBean(LockTemplateShutdownLifecycle.class));
    }

    private static void awaitSubscribers(RedisServerExtension server, long count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<?> reply = (List<?>) server.server().command("PUBSUB", "NUMSUB", RELEASE_CHANNEL);
            return ((Long) reply.get(1)) >= count;
        });
    }
}
