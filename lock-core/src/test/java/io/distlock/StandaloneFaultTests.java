package io.distlock;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * Real faults on a standalone server: stopped, frozen, restarted, script cache flushed; and the
 * bound on fence counters.
 */
class StandaloneFaultTests {

    private static final Duration LEASE = Duration.ofMillis(900);

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private LettuceConnectionFactory factory;

    private DefaultLockTemplate template;

    private RecordingListener listener;

    @BeforeEach
    void createTemplate() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(redis.server().port()));
        this.listener = new RecordingListener();
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).leaseTime(LEASE)
                .listener(this.listener).build();
    }

    @AfterEach
    void closeTemplate() {
        this.template.close();
        this.factory.destroy();
    }

    private static LockOptions waiting(Duration wait) {
        return LockOptions.builder().waitTime(wait).build();
    }

    @Test
    void redisStoppedFailsWithinTheWaitPlusTimeoutThenWorksWhenBack() {
        RedisServer server = redis.server();
        this.template.execute("before", (lock) -> null);
        server.stop();
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            assertThatThrownBy(() -> this.template.tryLock("down", waiting(Duration.ofSeconds(1))))
                    .isInstanceOf(LockUnavailableException.class).hasMessageContaining("lock:down").hasCauseInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> this.template.execute("down", (lock) -> "ran"))
                    .isInstanceOf(LockUnavailableException.class);
        });
        assertThat(this.listener.errors.get()).isGreaterThanOrEqualTo(2);
        server.restart();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> this.template.execute("down", (lock) -> lock.fencingToken() > 0));
    }

    @Test
    void frozenRedisFailsWithinTheCommandTimeoutInsteadOfHanging() {
        RedisServer server = redis.server();
        this.template.execute("warm-up", (lock) -> null);
        server.pause();
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(
                    () -> this.template.tryLock("frozen", waiting(Duration.ofMillis(500))))
                    .isInstanceOf(LockUnavailableException.class));
        }
        finally {
            server.resume();
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions()
                .until(() -> this.template.execute("frozen", (lock) -> true));
    }

    @Test
    void flushedScriptCacheIsReloadedTransparently() {
        this.template.execute("scripted", (lock) -> null);
        redis.server().command("SCRIPT", "FLUSH");
        LockHandle lock = this.template.tryLock("scripted", LockOptions.defaults()).orElseThrow();
        redis.server().command("SCRIPT", "FLUSH");
        assertThat(lock.extend(Duration.ofSeconds(5))).isTrue();
        redis.server().command("SCRIPT", "FLUSH");
        lock.close();
        assertThat(redis.server().command("EXISTS", "lock:scripted")).isEqualTo(0L);
    }

    @Test
    void lockLostInARedisRestartIsDetectedAtTheNextRenewal() {
        LockHandle lock = this.template.tryLock("restarted", LockOptions.defaults()).orElseThrow();
        redis.server().restart();
        await().atMost(LEASE.multipliedBy(3)).until(() -> !lock.isHeld() && !this.listener.lost.isEmpty());
        lock.close();
        assertThat(this.listener.expired).hasValue(1);
        // Tokens keep rising although the restarted server lost its counters.
        LockHandle again = this.template.tryLock("restarted", LockOptions.defaults()).orElseThrow();
        assertThat(again.fencingToken()).isGreaterThan(lock.fencingToken());
        again.close();
    }

    @Test
    void fenceCountersStayBoundedAndTokensKeepRisingPerKey() throws Exception {
        int threads = 4;
        int perThread = 25_000;
        Map<String, Long> firstTokens = new ConcurrentHashMap<>();
        AbstractLockTemplateTests.runConcurrently(threads, () -> {
            String name = Thread.currentThread().getName();
            for (int i = 0; i < perThread; i++) {
                String key = "order:" + name + ":" + i;
                try (LockHandle lock = this.template.tryLock(key, LockOptions.builder()
                        .leaseTime(Duration.ofSeconds(30)).build()).orElseThrow()) {
                    if (i % 50 == 0) {
                        firstTokens.put(key, lock.fencingToken());
                    }
                }
            }
        });
        assertThat(firstTokens).hasSize(threads * perThread / 50);
        Set<String> lockKeys = keys("lock:order:*");
        assertThat(lockKeys).isEmpty();
        Set<String> counters = keys("lock:__distlock:fence:*");
        assertThat(counters).hasSizeLessThanOrEqualTo(16_384).hasSizeGreaterThan(1_000);
        assertThat(redis.server().command("DBSIZE")).isEqualTo((long) counters.size());
        Map<String, Long> secondTokens = new HashMap<>();
        for (String key : firstTokens.keySet()) {
            try (LockHandle lock = this.template.tryLock(key, LockOptions.defaults()).orElseThrow()) {
                secondTokens.put(key, lock.fencingToken());
            }
        }
        firstTokens.forEach((key, first) -> assertThat(secondTokens.get(key)).as(key).isGreaterThan(first));
    }

    @SuppressWarnings("unchecked")
    private static Set<String> keys(String pattern) {
        Set<String> keys = new java.util.HashSet<>();
        String cursor = "0";
        do {
            List<Object> reply = (List<Object>) redis.server().command("SCAN", cursor, "MATCH", pattern, "COUNT", "10000");
            cursor = (String) reply.get(0);
            ((List<Object>) reply.get(1)).forEach((key) -> keys.add((String) key));
        }
        while (!cursor.equals("0"));
        return keys;
    }
}
