package io.distlock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

/**
 * Edges rule 5, in the engine: when the hold that took a lock ends, its thread no longer re-enters
 * the lock, even while a re-entrant hold taken inside it (handed to asynchronous work) keeps the
 * lock in Redis.
 */
class OutermostHoldThreadTests {

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    private final ExecutorService pooled = Executors.newSingleThreadExecutor();

    private final ExecutorService other = Executors.newSingleThreadExecutor();

    private LettuceConnectionFactory factory;

    private DefaultLockTemplate template;

    private StringRedisTemplate redis;

    @BeforeEach
    void createTemplate() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(server.server().port()));
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).build();
        this.redis = new StringRedisTemplate(this.factory);
    }

    @AfterEach
    void close() {
        this.pooled.shutdownNow();
        this.other.shutdownNow();
        this.template.close();
        RedisFactories.destroy(this.factory);
    }

    @Test
    void rule5_aThreadWhoseOutermostHoldEndedDoesNotReenterALockAnInnerHoldKeeps() throws Exception {
        LockHandle inner = onPooledThread(() -> {
            LockHandle outer = this.template.tryLock("job", LockOptions.defaults()).orElseThrow();
            LockHandle reentered = this.template.tryLock("job", LockOptions.defaults()).orElseThrow();
            assertThat(reentered.fencingToken()).isEqualTo(outer.fencingToken());
            outer.close();
            return reentered;
        });
        assertThat(inner.isHeld()).isTrue();
        assertThat(this.redis.hasKey("lock:job")).isTrue();

        // The pooled thread's next task: no re-entry, the lock is the inner hold's.
        Optional<LockHandle> again = onPooledThread(() -> this.template.tryLock("job", LockOptions.defaults()));
        assertThat(again).isEmpty();
        assertThat(this.other.submit(() -> this.template.tryLock("job", LockOptions.defaults()))
            .get(10, TimeUnit.SECONDS)).isEmpty();

        // Closed from another thread, as async work would: released, and free for everyone.
        this.other.submit(inner::close).get(10, TimeUnit.SECONDS);
        assertThat(this.redis.hasKey("lock:job")).isFalse();
        onPooledThread(() -> {
            this.template.tryLock("job", LockOptions.defaults()).orElseThrow().close();
            return null;
        });
    }

    @Test
    void nestedHoldsClosedInOrderStillReenterWhileTheOutermostIsOpen() throws Exception {
        onPooledThread(() -> {
            LockHandle outer = this.template.tryLock("nested", LockOptions.defaults()).orElseThrow();
            LockHandle first = this.template.tryLock("nested", LockOptions.defaults()).orElseThrow();
            first.close();
            LockHandle second = this.template.tryLock("nested", LockOptions.builder().waitTime(Duration.ZERO).build())
                .orElseThrow();
            assertThat(second.fencingToken()).isEqualTo(outer.fencingToken());
            second.close();
            assertThat(this.redis.hasKey("lock:nested")).isTrue();
            outer.close();
            assertThat(this.redis.hasKey("lock:nested")).isFalse();
            return null;
        });
    }

    private <T> T onPooledThread(Callable<T> task) throws Exception {
        return this.pooled.submit(task).get(10, TimeUnit.SECONDS);
    }
}
