package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.PriorityOrdered;

import io.distlock.LockTemplate;
import io.distlock.annotation.DistributedLock;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 11: an application never runs {@code @DistributedLock} methods unlocked without being
 * told, and a {@code LockTemplate} of its own locks them even without a
 * {@code RedisConnectionFactory}. Each locked method returns the lock keys Redis has while it runs.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockNeverSilentlyOffTests {

    private static final String WARNING = "run without a lock";

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private final TestRedis testRedis = new TestRedis();

    private DefaultLockTemplate ownTemplate;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class,
                DistributedLockUnlockedMethodsAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s");

    @AfterEach
    void close() throws Exception {
        if (this.ownTemplate != null) {
            this.ownTemplate.close();
        }
        this.testRedis.close();
    }

    @Test
    void rule11_disabledSaysInOneWarningHowManyAnnotatedMethodsRunWithoutALock(CapturedOutput output) {
        this.runner.withPropertyValues("distributed-lock.enabled=false")
            .withBean("locked", Locked.class)
            .withBean("twoLocked", TwoLocked.class)
            .withBean("plain", String.class, () -> "not locked")
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(LockTemplate.class);
                assertThat(context.getBean(Locked.class).lockKeys("1")).isEmpty();
            });
        List<String> warnings = warnings(output);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("WARN", "3 @DistributedLock method(s) run without a lock",
                "distributed-lock.enabled=false", "locked", "twoLocked").doesNotContain("plain");
    }

    @Test
    void rule11_anEnabledStarterThatLocksEveryAnnotatedBeanSaysNothing(CapturedOutput output) {
        this.runner.withBean("locked", Locked.class).run((context) -> {
            assertThat(context.getBean(Locked.class).lockKeys("2")).containsExactly("lock:Locked.lockKeys:2");
        });
        assertThat(warnings(output)).isEmpty();
    }

    @Test
    void rule11_theApplicationsOwnTemplateLocksAnnotatedMethodsWithoutARedisConnectionFactory(
            CapturedOutput output) {
        DefaultLockTemplate own = ownTemplate();
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
                    DistributedLockUnlockedMethodsAutoConfiguration.class))
            .withBean(LockTemplate.class, () -> own)
            .withBean(Locked.class)
            .run((context) -> {
                assertThat(context).hasNotFailed().getBean(LockTemplate.class).isSameAs(own);
                assertThat(context.getBean(Locked.class).lockKeys("3")).containsExactly("own:Locked.lockKeys:3");
                assertThat(redis.server().command("EXISTS", "own:Locked.lockKeys:3")).isEqualTo(0L);
            });
        assertThat(warnings(output)).isEmpty();
    }

    @Test
    void rule11_withoutAnyLockTemplateTheAnnotatedMethodsAreNamedInAWarning(CapturedOutput output) {
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
                    DistributedLockUnlockedMethodsAutoConfiguration.class))
            .withBean("locked", Locked.class)
            .run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(LockTemplate.class));
        List<String> warnings = warnings(output);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("1 @DistributedLock method(s) run without a lock", "[locked]",
                "no LockTemplate bean");
    }

    @Test
    void rule11_beansCreatedBeforeTheAdvisorAreNamedInAWarning(CapturedOutput output) {
        this.runner.withUserConfiguration(EarlyBeanConfiguration.class)
            .withBean("locked", Locked.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(AopUtils.isAopProxy(context.getBean("earlyLocked"))).isFalse();
                assertThat(context.getBean("locked", Locked.class).lockKeys("4"))
                    .containsExactly("lock:Locked.lockKeys:4");
            });
        List<String> warnings = warnings(output);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0)).contains("1 @DistributedLock method(s) run without a lock", "[earlyLocked]",
                "created before the @DistributedLock advisor was registered", "neither proxied nor validated");
    }

    /** A template of the application's own, on its own connections, with its own key prefix. */
    private DefaultLockTemplate ownTemplate() {
        this.ownTemplate = DefaultLockTemplate
            .builder(new RedisLockBackend(this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2)),
                    "own:"))
            .build();
        return this.ownTemplate;
    }

    private static List<String> warnings(CapturedOutput output) {
        return output.getAll().lines().filter((line) -> line.contains(WARNING)).toList();
    }

    /** The lock keys in Redis, read while the lock is (or should be) held. */
    @SuppressWarnings("unchecked")
    static List<String> lockKeysInRedis(String id) {
        return (List<String>) redis.server().command("KEYS", "*Locked.lockKeys:" + id);
    }

    public static class Locked {

        @DistributedLock(key = "#id")
        public List<String> lockKeys(String id) {
            return lockKeysInRedis(id);
        }
    }

    public static class TwoLocked {

        @DistributedLock(key = "#id")
        public void first(String id) {
        }

        @DistributedLock(key = "#id")
        public void second(String id) {
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EarlyBeanConfiguration {

        @Bean
        Locked earlyLocked() {
            return new Locked();
        }

        /** Registered before the auto-proxy creator, it creates {@code earlyLocked} before it too. */
        @Bean
        static EarlyPostProcessor earlyPostProcessor(BeanFactory beanFactory) {
            return new EarlyPostProcessor(beanFactory.getBean("earlyLocked", Locked.class));
        }
    }

    static final class EarlyPostProcessor implements BeanPostProcessor, PriorityOrdered {

        EarlyPostProcessor(Locked locked) {
        }

        @Override
        public int getOrder() {
            return 0;
        }
    }
}
