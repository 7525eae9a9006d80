package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.autoproxy.InfrastructureAdvisorAutoProxyCreator;
import org.springframework.aop.aspectj.annotation.AnnotationAwareAspectJAutoProxyCreator;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockListener;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.support.DistributedLockAdvisor;
import io.distlock.annotation.support.DistributedLockDefinitionSource;
import io.distlock.annotation.support.DistributedLockInterceptor;
import io.distlock.annotation.support.DistributedLockMethodValidator;
import io.distlock.autoconfigure.redlock.RedlockNodes;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;

/**
 * What the auto-configuration creates, and when it backs off. No Redis runs: nothing touches
 * Redis at start-up, so a connection factory pointing at a closed port is enough.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=1");

    @Test
    void createsTheTemplateAndTheAnnotationInfrastructure() {
        this.runner.run((context) -> {
            assertThat(context).hasSingleBean(DefaultLockTemplate.class)
                .hasSingleBean(RedisLockBackend.class)
                .hasSingleBean(DistributedLockProperties.class)
                .hasSingleBean(DistributedLockDefinitionSource.class)
                .hasSingleBean(DistributedLockInterceptor.class)
                .hasSingleBean(DistributedLockAdvisor.class)
                .hasSingleBean(DistributedLockMethodValidator.class)
                .hasBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME);
            assertThat(context.getBean(DistributedLockAdvisor.class).getOrder())
                .isEqualTo(DistributedLockProperties.DEFAULT_ORDER);
        });
    }

    @Test
    void startsWithoutRedisAndCreatesNoEarlyBeans(CapturedOutput output) {
        this.runner.withBean(Locked.class).run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(AopUtils.isAopProxy(context.getBean(Locked.class))).isTrue();
        });
        assertThat(output).doesNotContain("is not eligible for getting processed by all BeanPostProcessors");
    }

    @Test
    void backsOffWhenDisabled() {
        this.runner.withPropertyValues("distributed-lock.enabled=false").withBean(Locked.class).run((context) -> {
            assertThat(context).doesNotHaveBean(LockTemplate.class)
                .doesNotHaveBean(LockBackend.class)
                .doesNotHaveBean(DistributedLockAdvisor.class)
                .doesNotHaveBean(DistributedLockProperties.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Locked.class))).isFalse();
        });
    }

    @Test
    void backsOffWithoutARedisConnectionFactory() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
            .run((context) -> assertThat(context).doesNotHaveBean(LockTemplate.class)
                .doesNotHaveBean(DistributedLockAdvisor.class));
    }

    @Test
    void usesTheApplicationsOwnTemplateAlsoForTheAnnotation() {
        LockTemplate own = mock(LockTemplate.class);
        LockHandle handle = mock(LockHandle.class);
        given(own.tryLock(any(), any())).willReturn(Optional.of(handle));
        this.runner.withBean(LockTemplate.class, () -> own).withBean(Locked.class).run((context) -> {
            assertThat(context).doesNotHaveBean(DefaultLockTemplate.class).getBean(LockTemplate.class).isSameAs(own);
            assertThat(context.getBean(Locked.class).run("7")).isEqualTo("7");
            verify(own).tryLock(eq("Locked.run:7"), any(LockOptions.class));
            verify(handle).close();
        });
    }

    @Test
    void usesTheApplicationsOwnBackend() {
        LockBackend backend = mock(LockBackend.class);
        this.runner.withBean(LockBackend.class, () -> backend).run((context) -> assertThat(context)
            .doesNotHaveBean(RedisLockBackend.class)
            .hasSingleBean(DefaultLockTemplate.class));
    }

    @Test
    void registersLockListenerBeansOnTheTemplate() {
        this.runner.withBean(LockListener.class, () -> new LockListener() {
        }).run((context) -> assertThat(context).hasNotFailed().hasSingleBean(DefaultLockTemplate.class));
    }

    @Test
    void bindsEveryProperty() {
        this.runner
            .withPropertyValues("distributed-lock.key-prefix=app:locks:", "distributed-lock.wait-time=250ms",
                    "distributed-lock.lease-time=PT10S", "distributed-lock.watchdog.max-hold=2h",
                    "distributed-lock.redlock.nodes=redis://a:6379,redis://b:6379,redis://c:6379",
                    "distributed-lock.redlock.node-timeout=150ms", "distributed-lock.min-replicas-acked=1",
                    "distributed-lock.replica-ack-timeout=2s", "distributed-lock.order=42")
            .run((context) -> {
                DistributedLockProperties properties = context.getBean(DistributedLockProperties.class);
                assertThat(properties.getKeyPrefix()).isEqualTo("app:locks:");
                assertThat(properties.getWaitTime()).isEqualTo(Duration.ofMillis(250));
                assertThat(properties.getLeaseTime()).isEqualTo(Duration.ofSeconds(10));
                assertThat(properties.getWatchdog().getMaxHold()).isEqualTo(Duration.ofHours(2));
                assertThat(properties.getRedlock().getNodes()).containsExactly("redis://a:6379", "redis://b:6379",
                        "redis://c:6379");
                assertThat(properties.getRedlock().getNodeTimeout()).isEqualTo(Duration.ofMillis(150));
                assertThat(properties.getMinReplicasAcked()).isOne();
                assertThat(properties.getReplicaAckTimeout()).isEqualTo(Duration.ofSeconds(2));
                assertThat(context.getBean(DistributedLockAdvisor.class).getOrder()).isEqualTo(42);
                assertThat(context.getBean(LockBackend.class)).isInstanceOf(RedlockBackend.class);
                assertThat(context.getBean(RedlockNodes.class).backends()).hasSize(3)
                    .allSatisfy((node) -> assertThat(node.keyPrefix()).isEqualTo("app:locks:"));
            });
    }

    @Test
    void defaultsMatchTheDocumentation() {
        DistributedLockProperties properties = new DistributedLockProperties();
        assertThat(properties.isEnabled()).isTrue();
        assertThat(properties.getKeyPrefix()).isEqualTo("lock:");
        assertThat(properties.getWaitTime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.getLeaseTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.getWatchdog().getMaxHold()).isEqualTo(Duration.ofHours(1));
        assertThat(properties.getRedlock().getNodes()).isEmpty();
        assertThat(properties.getMinReplicasAcked()).isZero();
        assertThat(properties.getReplicaAckTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(properties.getRedlock().getNodeTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(properties.getOrder()).isEqualTo(Integer.MAX_VALUE - 100);
    }

    @Test
    void rejectsInvalidPropertiesNamingThem() {
        for (String[] invalid : List.of(new String[] { "distributed-lock.lease-time=0s", "distributed-lock.lease-time" },
                new String[] { "distributed-lock.wait-time=-1s", "distributed-lock.wait-time" },
                new String[] { "distributed-lock.key-prefix= ", "distributed-lock.key-prefix" },
                new String[] { "distributed-lock.watchdog.max-hold=0", "distributed-lock.watchdog.max-hold" },
                new String[] { "distributed-lock.min-replicas-acked=-1", "distributed-lock.min-replicas-acked" })) {
            this.runner.withPropertyValues(invalid[0])
                .run((context) -> assertThat(context).getFailure().hasStackTraceContaining(invalid[1]));
        }
    }

    @Test
    void proxiesWithBootsAspectJAutoProxyCreator() {
        this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
            .withBean(Locked.class)
            .run((context) -> {
                assertThat(context.getBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME))
                    .isInstanceOf(AnnotationAwareAspectJAutoProxyCreator.class);
                assertThat(AopUtils.isCglibProxy(context.getBean(Locked.class))).isTrue();
            });
    }

    @Test
    void proxiesWithBootsInfrastructureAutoProxyCreatorWhenAspectJIsAbsent() {
        this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("org.aspectj"))
            .withBean(Locked.class)
            .run((context) -> {
                assertThat(context.getBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME).getClass())
                    .isEqualTo(InfrastructureAdvisorAutoProxyCreator.class);
                assertThat(AopUtils.isCglibProxy(context.getBean(Locked.class))).isTrue();
            });
    }

    @Test
    void registersAnAutoProxyCreatorWhenBootsAopIsSwitchedOff() {
        this.runner.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class))
            .withPropertyValues("spring.aop.auto=false")
            .withBean(Locked.class)
            .run((context) -> assertThat(AopUtils.isAopProxy(context.getBean(Locked.class))).isTrue());
    }

    @Test
    void worksWithoutReactor() {
        LockTemplate own = mock(LockTemplate.class);
        given(own.tryLock(any(), any())).willReturn(Optional.of(mock(LockHandle.class)));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("reactor.", "org.reactivestreams."))
            .withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class))
            .withBean(LockTemplate.class, () -> own)
            .withBean(Locked.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Locked.class).run("1")).isEqualTo("1");
                verify(own).tryLock(eq("Locked.run:1"), any(LockOptions.class));
            });
    }

    // Public: with a FilteredClassLoader the CGLIB subclass lives in another class loader.
    public static class Locked {

        @DistributedLock(key = "#id")
        public String run(String id) {
            return id;
        }
    }
}
