package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

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
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

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
import io.distlock.observability.TestRedis;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;
import io.distlock.test.junit.RedisServerExtension;

/**
 * What the auto-configuration creates, and when it backs off, on a real redis-server: each locked
 * method returns the lock keys Redis has while it runs, so a test sees which template, if any,
 * locked it. Nothing touches Redis at start-up, so where only the beans matter a connection
 * factory pointing at a closed port is enough.
 */
@ExtendWith(OutputCaptureExtension.class)
class DistributedLockAutoConfigurationTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private final TestRedis testRedis = new TestRedis();

    private final List<AutoCloseable> ownTemplates = new CopyOnWriteArrayList<>();

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class))
        .withPropertyValues("spring.data.redis.port=1");

    private final ApplicationContextRunner redisRunner = this.runner
        .withPropertyValues("spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s");

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable template : this.ownTemplates) {
            template.close();
        }
        this.testRedis.close();
    }

    @Test
    void createsTheTemplateAndTheAnnotationInfrastructure() {
        this.redisRunner.withBean(Locked.class).run((context) -> {
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
            assertThat(context.getBean(Locked.class).run("created")).containsExactly("lock:Locked.run:created");
            assertThat(redis.server().command("EXISTS", "lock:Locked.run:created")).isEqualTo(0L);
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
        this.redisRunner.withPropertyValues("distributed-lock.enabled=false").withBean(Locked.class).run((context) -> {
            assertThat(context).doesNotHaveBean(LockTemplate.class)
                .doesNotHaveBean(LockBackend.class)
                .doesNotHaveBean(DistributedLockAdvisor.class)
                .doesNotHaveBean(DistributedLockProperties.class);
            assertThat(AopUtils.isAopProxy(context.getBean(Locked.class))).isFalse();
            assertThat(context.getBean(Locked.class).run("disabled")).isEmpty();
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
        DefaultLockTemplate own = ownTemplate(new RedisLockBackend(ownConnections(), "own:"));
        this.redisRunner.withBean(LockTemplate.class, () -> own).withBean(Locked.class).run((context) -> {
            assertThat(context).hasSingleBean(LockTemplate.class).getBean(LockTemplate.class).isSameAs(own);
            assertThat(context).doesNotHaveBean(LockTemplateShutdownLifecycle.class);
            assertThat(context.getBean(Locked.class).run("7")).containsExactly("own:Locked.run:7");
            assertThat(redis.server().command("EXISTS", "own:Locked.run:7")).isEqualTo(0L);
        });
    }

    @Test
    void usesTheApplicationsOwnBackend() {
        RedisLockBackend backend = new RedisLockBackend(ownConnections(), "own-backend:");
        this.redisRunner.withBean(LockBackend.class, () -> backend).withBean(Locked.class).run((context) -> {
            assertThat(context).hasSingleBean(LockBackend.class).getBean(LockBackend.class).isSameAs(backend);
            assertThat(context).hasSingleBean(DefaultLockTemplate.class);
            assertThat(context.getBean(Locked.class).run("8")).containsExactly("own-backend:Locked.run:8");
        });
    }

    @Test
    void registersLockListenerBeansOnTheTemplate() {
        List<String> acquired = new CopyOnWriteArrayList<>();
        LockListener listener = new LockListener() {

            @Override
            public void acquired(LockHandle lock, Duration waited) {
                acquired.add(lock.key());
            }
        };
        this.redisRunner.withBean(LockListener.class, () -> listener).withBean(Locked.class).run((context) -> {
            context.getBean(Locked.class).run("9");
            assertThat(acquired).containsExactly("Locked.run:9");
        });
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
        // Made here, outside the filtered class loader: Lettuce itself needs Reactor.
        DefaultLockTemplate own = ownTemplate(new RedisLockBackend(ownConnections(), "own:"));
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
            .withClassLoader(new FilteredClassLoader("reactor.", "org.reactivestreams."))
            .withBean(LockTemplate.class, () -> own)
            .withBean(Locked.class)
            .run((context) -> {
                assertThat(context).hasNotFailed();
                assertThat(context.getBean(Locked.class).run("1")).containsExactly("own:Locked.run:1");
            });
    }

    private LettuceConnectionFactory ownConnections() {
        return this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2));
    }

    private DefaultLockTemplate ownTemplate(LockBackend backend) {
        DefaultLockTemplate template = DefaultLockTemplate.builder(backend).build();
        this.ownTemplates.add(template);
        return template;
    }

    /** The lock keys Redis has for {@code Locked.run(id)}. */
    @SuppressWarnings("unchecked")
    static List<String> lockKeysInRedis(String id) {
        return (List<String>) redis.server().command("KEYS", "*Locked.run:" + id);
    }

    // Public: with a FilteredClassLoader the CGLIB subclass lives in another class loader.
    public static class Locked {

        @DistributedLock(key = "#id")
        public List<String> run(String id) {
            return lockKeysInRedis(id);
        }
    }
}
