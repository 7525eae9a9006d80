package io.distlock.autoconfigure.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.distlock.LockTemplate;
import io.distlock.actuate.health.DistributedLockHealthIndicator;
import io.distlock.actuate.health.RedlockHealthIndicator;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.test.junit.RedisServerExtension;

/**
 * When the {@code distributedLock} health contributor is auto-configured, and that what it shows
 * and logs carries no password, right or wrong, on a password-protected redis-server.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockHealthContributorAutoConfigurationTests {

    private static final String PASSWORD = "p4ss-secret";

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", PASSWORD));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class, DistributedLockHealthContributorAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=1s");

    @Test
    void createsTheContributorAndTouchesNoRedisAtStartUp() {
        this.runner.withPropertyValues("spring.data.redis.port=1")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(DistributedLockHealthIndicator.class)
                .hasBean("distributedLockHealthIndicator"));
    }

    @Test
    void upWithTheRightPasswordWhichItNeverShows(CapturedOutput output) {
        this.runner.withPropertyValues("spring.data.redis.password=" + PASSWORD).run((context) -> {
            Health health = context.getBean(DistributedLockHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.toString()).doesNotContain(PASSWORD);
        });
        assertThat(output).doesNotContain(PASSWORD);
    }

    @Test
    void downWithAWrongPasswordWhichItNeverShows(CapturedOutput output) {
        this.runner.withPropertyValues("spring.data.redis.password=" + PASSWORD + "-wrong").run((context) -> {
            Health health = context.getBean(DistributedLockHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKeys("error", "cause");
            assertThat(health.toString()).doesNotContain(PASSWORD);
        });
        assertThat(output).contains("Distributed lock health check failed").doesNotContain(PASSWORD);
    }

    @Test
    void downWithAPasswordInTheUrlWhichItNeverShows(CapturedOutput output) {
        this.runner.withPropertyValues("spring.data.redis.url=redis://:" + PASSWORD + "-wrong@127.0.0.1:" + redis.port())
            .run((context) -> {
                Health health = context.getBean(DistributedLockHealthIndicator.class).health();
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                assertThat(health.toString()).doesNotContain(PASSWORD);
            });
        assertThat(output).doesNotContain(PASSWORD);
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("management.health.distributed-lock.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DistributedLockHealthIndicator.class));
        this.runner.withPropertyValues("management.health.defaults.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DistributedLockHealthIndicator.class));
    }

    @Test
    void backsOffWithoutBootHealth() {
        this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(DistributedLockHealthIndicator.class));
    }

    @Test
    void backsOffWithoutALockTemplate() {
        this.runner.withPropertyValues("distributed-lock.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DistributedLockHealthIndicator.class));
    }

    @Test
    void rule9_createsARedlockContributorWithRedlock() {
        this.runner
            .withPropertyValues("distributed-lock.redlock.nodes=redis://127.0.0.1:1,redis://127.0.0.1:2,redis://127.0.0.1:3")
            .run((context) -> assertThat(context).hasNotFailed()
                .hasSingleBean(LockTemplate.class)
                .doesNotHaveBean(DistributedLockHealthIndicator.class)
                .hasSingleBean(RedlockHealthIndicator.class)
                .hasBean("distributedLockHealthIndicator"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnContributor() {
        this.runner.withBean("distributedLockHealthIndicator", HealthIndicator.class, () -> () -> Health.up().build())
            .run((context) -> assertThat(context).doesNotHaveBean(DistributedLockHealthIndicator.class)
                .hasBean("distributedLockHealthIndicator"));
    }
}
