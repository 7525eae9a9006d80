package io.distlock.redlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.RedisFactories;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edges rule 2 on Redlock: {@code extend(d)} never shortens the lock on any node, and it is
 * owner-checked on a majority.
 */
class RedlockExtendTests {

    private static final Duration LEASE = Duration.ofMillis(900);

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<DefaultLockTemplate> templates = new ArrayList<>();

    private static List<RedisServer> servers() {
        return List.of(node1.server(), node2.server(), node3.server());
    }

    private DefaultLockTemplate template() {
        DefaultLockTemplate template = DefaultLockTemplate
                .builder(RedisFactories.redlock(servers(), RedisFactories.COMMAND_TIMEOUT, this.factories))
                .leaseTime(LEASE).build();
        this.templates.add(template);
        return template;
    }

    @AfterEach
    void close() {
        this.templates.forEach(DefaultLockTemplate::close);
        this.factories.forEach(LettuceConnectionFactory::destroy);
    }

    private static long minPttl(String key) {
        return servers().stream().mapToLong((server) -> (Long) server.command("PTTL", key)).min().orElseThrow();
    }

    @Test
    void rule2_shortExtendChangesNothingOnAnyNodeAndTheLockStaysRenewed() {
        DefaultLockTemplate template = template();
        DefaultLockTemplate other = template();
        LockHandle lock = template.tryLock("redlock-extend", LockOptions.builder().waitTime(Duration.ofSeconds(5)).build()).orElseThrow();
        assertThat(lock.extend(Duration.ofMillis(200))).isTrue();
        assertThat(minPttl("lock:redlock-extend")).isGreaterThan(400);
        assertThat(other.tryLock("redlock-extend", LockOptions.builder().waitTime(LEASE.multipliedBy(3)).build()))
                .isEmpty();
        assertThat(lock.isHeld()).isTrue();
        lock.close();
        assertThat(minPttl("lock:redlock-extend")).isEqualTo(-2L);
    }

    @Test
    void rule2_longExtendLengthensOnEveryNodeAndIsOwnerCheckedOnAMajority() {
        DefaultLockTemplate template = template();
        LockHandle lock = template.tryLock("redlock-long", LockOptions.builder().leaseTime(Duration.ofSeconds(5))
                .waitTime(Duration.ofSeconds(5)).build()).orElseThrow();
        assertThat(lock.extend(Duration.ofSeconds(30))).isTrue();
        assertThat(minPttl("lock:redlock-long")).isGreaterThan(20_000);
        node1.server().command("DEL", "lock:redlock-long");
        assertThat(lock.extend(Duration.ofSeconds(40))).isTrue();
        node2.server().command("DEL", "lock:redlock-long");
        assertThat(lock.extend(Duration.ofSeconds(40))).isFalse();
        assertThat(lock.isHeld()).isFalse();
        lock.close();
    }
}
