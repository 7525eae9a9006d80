package io.distlock.autoconfigure.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;

import io.distlock.LockHandle;
import io.distlock.LockListener.LostReason;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.event.LockLostEvent;
import io.distlock.event.LockLostEventPublisher;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The lost-lock event, end to end: a lock whose key is deleted behind its back, on a
 * password-protected redis-server.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockEventAutoConfigurationTests {

    private static final String PASSWORD = "p4ss-secret";

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", PASSWORD));

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                DistributedLockAutoConfiguration.class, DistributedLockEventAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.password=" + PASSWORD,
                "spring.data.redis.timeout=2s", "distributed-lock.lease-time=900ms");

    @Test
    void publishesOneEventAndLogsOneWarningPerLostLock(CapturedOutput output) {
        this.runner.withBean(LostLocks.class).run((context) -> {
            assertThat(context).hasSingleBean(LockLostEventPublisher.class);
            LockTemplate template = context.getBean(LockTemplate.class);
            LostLocks lostLocks = context.getBean(LostLocks.class);
            LockHandle lock = template.tryLock("nightly:2024-06-01", LockOptions.builder().name("nightly").build())
                .orElseThrow();
            LockHandle witness = template.tryLock("nightly:witness", LockOptions.builder().name("nightly").build())
                .orElseThrow();
            redis.server().command("DEL", "lock:nightly:2024-06-01");
            await().atMost(Duration.ofSeconds(5)).until(() -> !lostLocks.events.isEmpty());
            // Three more watchdog rounds, seen as renewals of a lock that stays held: a second event
            // for the lost lock would have come by then.
            long renewals = renewals(template, "nightly:witness");
            await().atMost(Duration.ofSeconds(10)).until(() -> renewals(template, "nightly:witness") >= renewals + 3);
            witness.close();
            assertThat(lostLocks.events).singleElement().satisfies((event) -> {
                assertThat(event.getName()).isEqualTo("nightly");
                assertThat(event.getKey()).isEqualTo("nightly:2024-06-01");
                assertThat(event.getFencingToken()).isEqualTo(lock.fencingToken());
                assertThat(event.getReason()).isEqualTo(LostReason.NOT_OWNED);
                assertThat(event.getSource()).isInstanceOf(LockHandle.class);
                assertThat(event.toString()).doesNotContain(PASSWORD);
            });
            lock.close();
            assertThat(lostLocks.events).hasSize(1);
        });
        assertThat(output.toString().lines().filter((line) -> line.contains("was lost"))).singleElement()
            .satisfies((line) -> assertThat(line).contains("WARN", "lock:nightly:2024-06-01", "nightly"));
        assertThat(output).doesNotContain(PASSWORD);
    }

    @Test
    void backsOffWithoutALockTemplate() {
        this.runner.withPropertyValues("distributed-lock.enabled=false")
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockLostEventPublisher.class));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnPublisher() {
        this.runner.withBean("myPublisher", LockLostEventPublisher.class, () -> new LockLostEventPublisher((event) -> {
        })).run((context) -> assertThat(context).hasSingleBean(LockLostEventPublisher.class).hasBean("myPublisher"));
    }

    private static long renewals(LockTemplate template, String key) {
        return template.heldLocks().stream().filter((held) -> held.key().equals(key)).findFirst().orElseThrow()
            .renewals();
    }

    static class LostLocks implements ApplicationListener<LockLostEvent> {

        final List<LockLostEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LockLostEvent event) {
            this.events.add(event);
        }
    }
}
