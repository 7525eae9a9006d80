package io.distlock.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The {@code distributedLock} health against real redis-servers: one that is stopped, one whose
 * pause stalls the watchdog, and one that wants a password.
 */
class DistributedLockHealthIndicatorTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    /** Where the watchdog renews in the lag test: paused while the health PINGs {@link #redis}. */
    @RegisterExtension
    static final RedisServerExtension locksRedis = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension securedRedis = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", "p4ss-secret"));

    private final TestRedis testRedis = new TestRedis();

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void upWhenRedisAnswersAndTheWatchdogKeepsUp() {
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(1));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofMillis(900));
        DistributedLockHealthIndicator indicator = new DistributedLockHealthIndicator(factory, template,
                SecretMasker.urlUserInfoOnly());
        try (LockHandle lock = template.tryLock("orders:1", LockOptions.defaults()).orElseThrow()) {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("watchedLocks", 1)
                .containsEntry("watchdogIntervalMillis", 300L)
                .containsKey("watchdogLagMillis")
                .doesNotContainKeys("error", "reason");
        }
    }

    @Test
    void downWhileRedisIsStoppedAndUpAgainOnceItIsBack() {
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(1));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofMillis(900));
        DistributedLockHealthIndicator indicator = new DistributedLockHealthIndicator(factory, template,
                SecretMasker.urlUserInfoOnly());
        assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
        redis.server().stop();
        try {
            Health health = indicator.health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("error").containsEntry("watchedLocks", 0);
            assertThat((String) health.getDetails().get("error")).matches("org\\.springframework\\.[\\w.]+Exception: .+");
        }
        finally {
            redis.server().restart();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
    }

    @Test
    void downWhileTheWatchdogIsBehind() {
        LettuceConnectionFactory healthFactory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(1));
        LettuceConnectionFactory locksFactory = this.testRedis.connectionFactory(locksRedis.port(),
                Duration.ofSeconds(3));
        DefaultLockTemplate template = this.testRedis.template(locksFactory, Duration.ofMillis(900));
        DistributedLockHealthIndicator indicator = new DistributedLockHealthIndicator(healthFactory, template,
                SecretMasker.urlUserInfoOnly());
        LockHandle lock = template.tryLock("orders:1", LockOptions.defaults()).orElseThrow();
        locksRedis.server().pause();
        try {
            Health behind = await().atMost(Duration.ofSeconds(3))
                .until(indicator::health, (health) -> health.getStatus().equals(Status.DOWN));
            assertThat(behind.getDetails()).containsEntry("watchedLocks", 1)
                .containsEntry("reason", "The lock watchdog is behind its renewal interval")
                .doesNotContainKey("error");
            assertThat((Long) behind.getDetails().get("watchdogLagMillis")).isGreaterThanOrEqualTo(300L);
        }
        finally {
            locksRedis.server().resume();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> indicator.health().getStatus().equals(Status.UP));
        lock.close();
    }

    @Test
    void showsNoPasswordWhenTheRightOneIsUsed() {
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(securedRedis.port(), "p4ss-secret",
                Duration.ofSeconds(1));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofMillis(900));
        Health health = new DistributedLockHealthIndicator(factory, template, SecretMasker.urlUserInfoOnly()).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.toString()).doesNotContain("p4ss-secret");
    }

    @Test
    void showsNoPasswordWhenAWrongOneIsUsed() {
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(securedRedis.port(), "p4ss-secret-wrong",
                Duration.ofSeconds(1));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofMillis(900));
        Health health = new DistributedLockHealthIndicator(factory, template, SecretMasker.urlUserInfoOnly()).health();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("error");
        assertThat((String) health.getDetails().get("cause")).contains("WRONGPASS");
        assertThat(health.toString()).doesNotContain("p4ss-secret");
    }
}
