package io.distlock;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.LockListener.LostReason;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 12, item 15: every hold ends in exactly one {@code released} report, whether the
 * handle or the template's shutdown ends it first, and whether the lock was still owned or lost.
 */
class ReleaseReportTests {

    private static final Duration LEASE = Duration.ofMillis(900);

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    private LettuceConnectionFactory factory;

    private DefaultLockTemplate template;

    private RecordingListener listener;

    private StringRedisTemplate redis;

    @BeforeEach
    void createTemplate() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        this.listener = new RecordingListener();
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).leaseTime(LEASE)
                .listener(this.listener).build();
        this.redis = new StringRedisTemplate(this.factory);
    }

    @AfterEach
    void close() {
        this.template.close();
        this.factory.destroy();
    }

    @Test
    void item15_lostLockIsReportedOnceWhenTheTemplateClosesBeforeItsHandle() {
        LockHandle lock = this.template.tryLock("lost", LockOptions.defaults()).orElseThrow();
        this.redis.delete("lock:lost");
        await().atMost(LEASE.multipliedBy(3)).until(() -> !this.listener.lost.isEmpty());
        this.template.close();
        lock.close();
        lock.close();
        assertThat(this.listener.lost).containsExactly(LostReason.NOT_OWNED);
        assertThat(this.listener.expired).as("released(stillOwned=false) reports").hasValue(1);
        assertThat(this.listener.released).hasValue(0);
    }

    @Test
    void item15_lostLockIsReportedOnceWhenItsHandleClosesBeforeTheTemplate() {
        LockHandle lock = this.template.tryLock("lost-first", LockOptions.defaults()).orElseThrow();
        this.redis.delete("lock:lost-first");
        await().atMost(LEASE.multipliedBy(3)).until(() -> !this.listener.lost.isEmpty());
        lock.close();
        this.template.close();
        assertThat(this.listener.expired).hasValue(1);
        assertThat(this.listener.released).hasValue(0);
    }

    @Test
    void item15_heldLockIsReportedOnceWhenTheTemplateClosesBeforeItsHandle() {
        LockHandle outer = this.template.tryLock("held", LockOptions.defaults()).orElseThrow();
        LockHandle inner = this.template.tryLock("held", LockOptions.defaults()).orElseThrow();
        this.template.close();
        inner.close();
        outer.close();
        assertThat(this.listener.released).hasValue(1);
        assertThat(this.listener.expired).hasValue(0);
        assertThat(this.redis.hasKey("lock:held")).isFalse();
    }
}
