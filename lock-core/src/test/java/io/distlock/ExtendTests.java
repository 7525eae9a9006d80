package io.distlock;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Edges rule 2: {@code extend(d)} never shortens. A {@code d} below the remaining lease changes
 * nothing (true while held), a watchdog lock keeps being renewed after it, and a {@code d} under
 * 1 ms is an {@link IllegalArgumentException}, never {@code PEXPIRE 0}.
 */
class ExtendTests {

    private static final Duration LEASE = Duration.ofMillis(900);

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    private LettuceConnectionFactory factory;

    private LettuceConnectionFactory otherFactory;

    private DefaultLockTemplate template;

    private DefaultLockTemplate other;

    private RecordingListener listener;

    private StringRedisTemplate redis;

    @BeforeEach
    void createTemplates() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        this.otherFactory = RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        this.listener = new RecordingListener();
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).leaseTime(LEASE)
                .listener(this.listener).build();
        this.other = DefaultLockTemplate.builder(new RedisLockBackend(this.otherFactory, "lock:")).leaseTime(LEASE)
                .build();
        this.redis = new StringRedisTemplate(this.factory);
    }

    @AfterEach
    void closeTemplates() {
        this.template.close();
        this.other.close();
        this.factory.destroy();
        this.otherFactory.destroy();
    }

    private long pttl(String key) {
        return this.redis.getExpire(key, TimeUnit.MILLISECONDS);
    }

    @Test
    void rule2_shortExtendOfAWatchdogLockChangesNothingAndTheWatchdogGoesOnRenewing() {
        LockHandle lock = this.template.tryLock("watched", LockOptions.defaults()).orElseThrow();
        assertThat(lock.extend(Duration.ofMillis(200))).isTrue();
        assertThat(pttl("lock:watched")).isGreaterThan(400);
        int renewedBefore = this.listener.renewed.get();
        // Another instance waits three leases: the lock must stay ours, renewed all along.
        assertThat(this.other.tryLock("watched", LockOptions.builder().waitTime(LEASE.multipliedBy(3)).build()))
                .isEmpty();
        assertThat(this.listener.renewed.get() - renewedBefore).isGreaterThanOrEqualTo(3);
        assertThat(lock.isHeld()).isTrue();
        assertThat(this.listener.lost).isEmpty();
        lock.close();
        assertThat(this.listener.released).hasValue(1);
    }

    @Test
    void rule2_longExtendOfAWatchdogLockLengthensItAndRenewalDoesNotCutItBack() {
        LockHandle lock = this.template.tryLock("watched-long", LockOptions.defaults()).orElseThrow();
        assertThat(lock.extend(Duration.ofSeconds(20))).isTrue();
        int renewed = this.listener.renewed.get();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> this.listener.renewed.get() >= renewed + 2);
        assertThat(pttl("lock:watched-long")).isGreaterThan(15_000);
        assertThat(this.template.heldLocks()).singleElement()
                .satisfies((info) -> assertThat(info.expiresIn()).isGreaterThan(Duration.ofSeconds(15)));
        lock.close();
        assertThat(this.redis.hasKey("lock:watched-long")).isFalse();
    }

    @Test
    void rule2_shortExtendOfAFixedLeaseChangesNothingInRedisOrLocally() {
        LockHandle lock = this.template.tryLock("fixed", LockOptions.builder().leaseTime(Duration.ofSeconds(10)).build())
                .orElseThrow();
        assertThat(lock.extend(Duration.ofSeconds(1))).isTrue();
        assertThat(pttl("lock:fixed")).isGreaterThan(5_000);
        assertThat(this.template.heldLocks()).singleElement()
                .satisfies((info) -> assertThat(info.expiresIn()).isGreaterThan(Duration.ofSeconds(5)));
        assertThat(lock.extend(Duration.ofSeconds(30))).isTrue();
        assertThat(pttl("lock:fixed")).isGreaterThan(20_000);
        assertThat(this.template.heldLocks()).singleElement()
                .satisfies((info) -> assertThat(info.expiresIn()).isGreaterThan(Duration.ofSeconds(20)));
        assertThat(lock.isHeld()).isTrue();
        lock.close();
        assertThat(this.redis.hasKey("lock:fixed")).isFalse();
    }

    @Test
    void rule2_shortExtendIsStillOwnerChecked() {
        LockHandle lock = this.template.tryLock("taken-over", LockOptions.builder().leaseTime(Duration.ofSeconds(10))
                .build()).orElseThrow();
        this.redis.opsForValue().set("lock:taken-over", "someone-else", Duration.ofSeconds(30));
        assertThat(lock.extend(Duration.ofMillis(1))).isFalse();
        assertThat(lock.isHeld()).isFalse();
        assertThat(pttl("lock:taken-over")).isGreaterThan(20_000);
        lock.close();
        assertThat(this.redis.opsForValue().get("lock:taken-over")).isEqualTo("someone-else");
    }

    @Test
    void rule2_extendUnderOneMillisecondIsRejectedBeforeTouchingRedis() {
        // A fixed lease: no watchdog round runs a script while the calls are counted.
        LockHandle lock = this.template.tryLock("tiny", LockOptions.builder().leaseTime(Duration.ofSeconds(30)).build())
                .orElseThrow();
        String callsBefore = scriptCalls();
        assertThatIllegalArgumentException().isThrownBy(() -> lock.extend(Duration.ofNanos(500_000)))
                .withMessageContaining("extend").withMessageContaining("1 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> lock.extend(Duration.ofNanos(1)));
        assertThatIllegalArgumentException().isThrownBy(() -> lock.extend(Duration.ofMillis(-5)));
        assertThatIllegalArgumentException().isThrownBy(() -> lock.extend(null));
        assertThat(scriptCalls()).isEqualTo(callsBefore);
        assertThat(this.redis.hasKey("lock:tiny")).isTrue();
        assertThat(lock.isHeld()).isTrue();
        lock.close();
        assertThat(this.listener.released).hasValue(1);
    }

    /** How many scripts the server has run (the template's calls are all scripts). */
    private static String scriptCalls() {
        String stats = server.server().info("commandstats");
        return stats.lines().filter((line) -> line.startsWith("cmdstat_eval")).map((line) -> line.split(",")[0])
                .sorted().toList().toString();
    }
}
