package io.distlock.autoconfigure.redlock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.autoconfigure.DistributedLockAutoConfiguration;
import io.distlock.redis.RedisLockBackend;
import io.distlock.redlock.RedlockBackend;
import io.distlock.spi.LockBackend;
import io.distlock.test.junit.RedisServerExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code distributed-lock.redlock.nodes} switches the template to Redlock over real servers.
 */
class DistributedLockRedlockAutoConfigurationTests {

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension
            .standalone((builder) -> builder.config("requirepass", "n0de-Secret"));

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
            AutoConfigurations.of(DataRedisAutoConfiguration.class, DistributedLockAutoConfiguration.class));

    private static String nodes() {
        return "redis://127.0.0.1:" + node1.server().port() + ",redis://:n0de-Secret@127.0.0.1:" + node2.server().port()
                + ",redis://127.0.0.1:" + node3.server().port();
    }

    @Test
    void threeNodesSwitchToRedlockAndLockOnEveryNode() {
        this.runner.withPropertyValues("distributed-lock.redlock.nodes=" + nodes()).run((context) -> {
            assertThat(context).hasSingleBean(LockBackend.class).getBean(LockBackend.class)
                    .isInstanceOf(RedlockBackend.class);
            assertThat(context).doesNotHaveBean(RedisLockBackend.class);
            LockTemplate template = context.getBean(LockTemplate.class);
            try (LockHandle lock = template.tryLock("order:1",
                    LockOptions.builder().waitTime(java.time.Duration.ofSeconds(5)).build()).orElseThrow()) {
                assertThat(node1.server().command("EXISTS", "lock:order:1")).isEqualTo(1L);
                assertThat(node2.server().command("EXISTS", "lock:order:1")).isEqualTo(1L);
                assertThat(node3.server().command("EXISTS", "lock:order:1")).isEqualTo(1L);
                assertThat(lock.fencingToken()).isPositive();
            }
            assertThat(node1.server().command("EXISTS", "lock:order:1")).isEqualTo(0L);
        });
    }

    @Test
    void rule11_redlockNeedsNoRedisConnectionFactoryOfTheApplication() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
            .withPropertyValues("distributed-lock.redlock.nodes=" + nodes())
            .run((context) -> {
                assertThat(context).hasNotFailed().doesNotHaveBean(RedisConnectionFactory.class);
                try (LockHandle lock = context.getBean(LockTemplate.class)
                    .tryLock("order:2", LockOptions.builder().waitTime(java.time.Duration.ofSeconds(5)).build())
                    .orElseThrow()) {
                    assertThat(node1.server().command("EXISTS", "lock:order:2")).isEqualTo(1L);
                }
            });
    }

    @Test
    void indexedNodePropertiesWorkToo() {
        this.runner.withPropertyValues("distributed-lock.redlock.nodes[0]=redis://127.0.0.1:" + node1.server().port(),
                "distributed-lock.redlock.nodes[1]=redis://:n0de-Secret@127.0.0.1:" + node2.server().port(),
                "distributed-lock.redlock.nodes[2]=redis://127.0.0.1:" + node3.server().port())
                .run((context) -> assertThat(context.getBean(LockBackend.class)).isInstanceOf(RedlockBackend.class));
    }

    @Test
    void fewerThanThreeNodesFailStartUpNamingThePropertyWithoutThePassword() {
        this.runner.withPropertyValues("distributed-lock.redlock.nodes=redis://user:n0de-Secret@127.0.0.1:"
                + node1.server().port() + ",redis://127.0.0.1:" + node3.server().port()).run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("distributed-lock.redlock.nodes").hasMessageContaining("at least 3")
                            .hasMessageNotContaining("n0de-Secret");
                });
    }

    @Test
    void aMalformedNodeFailsStartUpWithoutThePassword() {
        this.runner.withPropertyValues("distributed-lock.redlock.nodes=http://u:n0de-Secret@h:1,redis://a:1,redis://b:2")
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("redis://")
                            .hasMessageNotContaining("n0de-Secret");
                });
    }

    @Test
    void nodeUrlsAreParsedAndMasked() {
        RedisNodeUrl url = RedisNodeUrl.parse("rediss://locker:p%40ss@cache.example:6380");
        assertThat(url.host()).isEqualTo("cache.example");
        assertThat(url.port()).isEqualTo(6380);
        assertThat(url.username()).isEqualTo("locker");
        assertThat(url.password()).isEqualTo("p@ss");
        assertThat(url.ssl()).isTrue();
        assertThat(url).hasToString("rediss://***@cache.example:6380");
        assertThat(RedisNodeUrl.parse("redis://h").port()).isEqualTo(6379);
    }
}
