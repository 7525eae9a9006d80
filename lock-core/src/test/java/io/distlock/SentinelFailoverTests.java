package io.distlock;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisSentinelExtension;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Sentinel failover while a lock is held: afterwards, the holder either still owns the key on
 * the new master or learns at its next renewal that it lost it; it never believes it holds a
 * lock that another owner holds.
 */
class SentinelFailoverTests {

    private static final Duration LEASE = Duration.ofMillis(1500);

    @RegisterExtension
    static final RedisSentinelExtension sentinel = RedisSentinelExtension.create();

    private LettuceConnectionFactory holderFactory;

    private LettuceConnectionFactory otherFactory;

    private DefaultLockTemplate holder;

    private DefaultLockTemplate other;

    private RecordingListener listener;

    @BeforeEach
    void createTemplates() {
        var configuration = RedisFactories.sentinel(sentinel.sentinel().masterName(),
                sentinel.sentinel().sentinelAddresses());
        this.holderFactory = RedisFactories.lettuce(configuration);
        this.otherFactory = RedisFactories.lettuce(configuration);
        this.listener = new RecordingListener();
        this.holder = DefaultLockTemplate.builder(new RedisLockBackend(this.holderFactory, "lock:")).leaseTime(LEASE)
                .listener(this.listener).build();
        this.other = DefaultLockTemplate.builder(new RedisLockBackend(this.otherFactory, "lock:")).leaseTime(LEASE)
                .build();
    }

    @AfterEach
    void close() {
        this.holder.close();
        this.other.close();
        this.holderFactory.destroy();
        this.otherFactory.destroy();
    }

    @Test
    void holderNeverBelievesItHoldsALockAnotherOwnerHolds() {
        LockHandle lock = this.holder.tryLock("failover", LockOptions.defaults()).orElseThrow();
        RedisServer initialMaster = sentinel.sentinel().master();
        initialMaster.kill();
        RedisServer newMaster = sentinel.sentinel().awaitFailover(Duration.ofSeconds(30));
        assertThat(newMaster.port()).isNotEqualTo(initialMaster.port());

        // Settle: the holder either renews on the new master (the key was replicated) or learns
        // that it lost the lock; until then its lease bounds how long it can be wrong.
        int renewalsBefore = this.listener.renewed.get();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !this.listener.lost.isEmpty() || this.listener.renewed.get() > renewalsBefore + 1);
        LockOptions wait = LockOptions.builder().waitTime(Duration.ofSeconds(5)).build();
        if (this.listener.lost.isEmpty()) {
            assertThat(lock.isHeld()).isTrue();
            assertThat(newMaster.command("EXISTS", "lock:failover")).isEqualTo(1L);
            assertThat(this.other.tryLock("failover", LockOptions.defaults())).isEmpty();
            lock.close();
        }
        else {
            assertThat(lock.isHeld()).isFalse();
            lock.close();
        }
        LockHandle taken = await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> this.other.tryLock("failover", wait), java.util.Optional::isPresent).orElseThrow();
        assertThat(lock.isHeld()).isFalse();
        assertThat(taken.fencingToken()).isGreaterThan(lock.fencingToken());
        assertThat(taken.extend(Duration.ofSeconds(5))).isTrue();
        taken.close();
    }
}
