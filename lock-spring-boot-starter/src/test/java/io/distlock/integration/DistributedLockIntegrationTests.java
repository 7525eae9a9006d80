package io.distlock.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.distlock.LockAcquisitionException;
import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.integration.LockTestApplication.Async;
import io.distlock.integration.LockTestApplication.Counter;
import io.distlock.integration.LockTestApplication.Customer;
import io.distlock.integration.LockTestApplication.Inventory;
import io.distlock.integration.LockTestApplication.NullKey;
import io.distlock.integration.LockTestApplication.Outer;
import io.distlock.integration.LockTestApplication.Placeholders;
import io.distlock.integration.LockTestApplication.Probe;
import io.distlock.integration.LockTestApplication.Reactive;
import io.distlock.integration.LockTestApplication.Skipping;
import io.distlock.integration.LockTestApplication.Transfers;
import io.distlock.integration.LockTestApplication.Window;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The annotation in a full Boot application against a real {@code redis-server}.
 */
// Closed with its class: its Redis server stops with the class too.
@DirtiesContext
@SpringBootTest(classes = LockTestApplication.class, webEnvironment = WebEnvironment.NONE,
        properties = { "test.lock.wait=100ms", "test.lock.lease=2s", "spring.datasource.generate-unique-name=true" })
class DistributedLockIntegrationTests {

    private static final int THREADS = 16;

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", redis::port);
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(THREADS);

    private final List<LockHandle> heldElsewhere = new ArrayList<>();

    @Autowired
    private LockTemplate lockTemplate;

    @Autowired
    private StringRedisTemplate redisTemplate;

    @AfterEach
    void cleanUp() {
        this.heldElsewhere.forEach(LockHandle::close);
        this.executor.shutdownNow();
    }

    @Test
    void annotatedCallsAreMutuallyExclusive(@Autowired Counter counter) throws Exception {
        int perThread = 20;
        runConcurrently(THREADS, (i) -> {
            for (int j = 0; j < perThread; j++) {
                counter.increment("hits");
            }
            return null;
        });
        assertThat(counter.value()).isEqualTo(THREADS * perThread);
        assertThat(this.lockTemplate.heldLocks()).isEmpty();
    }

    @Test
    void neverOversellsWhenTheLockWrapsTheTransaction(@Autowired Inventory inventory) throws Exception {
        inventory.reset(1, 5);
        List<Boolean> bought = runConcurrently(THREADS, (i) -> inventory.buy(1));
        assertThat(bought).filteredOn(Boolean::booleanValue).hasSize(5);
        assertThat(inventory.stock(1)).isZero();
        assertThat(inventory.purchases(1)).isEqualTo(5);
        assertThat(inventory.heldAtCommit()).hasSize(5).containsOnly(true);
    }

    @Test
    void skipReturnsEmptyValuesWithoutRunning(@Autowired Skipping skipping) throws Exception {
        holdElsewhere("shared:k");
        skipping.skipVoid("k");
        assertThat(skipping.skipObject("k")).isNull();
        assertThat(skipping.skipOptional("k")).isEmpty();
        assertThat(skipping.skipList("k")).isEmpty();
        assertThat(skipping.skipFuture("k")).isCompletedWithValueMatching(List::isEmpty);
        assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> skipping.throwing("k"))
            .withMessageContaining("shared:k");
        assertThat(skipping.calls()).isZero();
        assertThat(skipping.skipList("other")).containsExactly("other1");
    }

    @Test
    void locksPairsInOneOrderSoCrossedCallersDoNotDeadlock(@Autowired Transfers transfers) throws Exception {
        int perThread = 10;
        runConcurrently(THREADS, (i) -> {
            for (int j = 0; j < perThread; j++) {
                switch ((i + j) % 4) {
                    case 0 -> transfers.transfer("alice", "bob");
                    case 1 -> transfers.transfer("bob", "alice");
                    case 2 -> transfers.refund("alice", "bob");
                    default -> transfers.refund("bob", "alice");
                }
            }
            return null;
        });
        assertThat(transfers.moves()).isEqualTo(THREADS * perThread);
        assertThat(transfers.transfer("bob", "alice")).containsExactly("account:alice", "account:bob");
        assertThat(transfers.transfer("carol", "carol")).containsExactly("account:carol");
    }

    @Test
    void nestedCallsOnTheSameThreadReenterTheLock(@Autowired Outer outer) {
        long[] tokens = outer.process("o-1");
        assertThat(tokens[0]).isPositive();
        assertThat(tokens[1]).isEqualTo(tokens[0]);
        assertThat(tokens[2]).isEqualTo(tokens[0]);
        assertThat(this.redisTemplate.hasKey("lock:order:o-1")).isFalse();
    }

    @Test
    void aCompletableFutureHoldsTheLockUntilItCompletes(@Autowired Async async, @Autowired Probe probe)
            throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> result = async.slow("a", gate);
        assertThat(elsewhere(() -> probe.tryRun("a"))).isNull();
        gate.complete("done");
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done!");
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> probe.tryRun("a")) != null);
    }

    @Test
    void anAsyncHoldIsNotReenteredByALaterCallOnTheThreadThatTookIt(@Autowired Async async, @Autowired Probe probe)
            throws Exception {
        CompletableFuture<String> gate = new CompletableFuture<>();
        async.slow("same-thread", gate);
        try {
            // The async method has returned; its lock belongs to the pending future, not to this thread.
            assertThat(probe.tryRun("same-thread")).isNull();
        }
        finally {
            gate.complete("done");
        }
    }

    @Test
    void aMonoHoldsTheLockFromSubscriptionUntilItCompletes(@Autowired Reactive reactive, @Autowired Probe probe)
            throws Exception {
        Sinks.One<String> sink = Sinks.one();
        List<String> received = new CopyOnWriteArrayList<>();
        Disposable subscription = reactive.mono("m", sink.asMono()).subscribe(received::add);
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> probe.tryRun("m")) == null);
            sink.tryEmitValue("v");
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("v"));
            await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> probe.tryRun("m")) != null);
        }
        finally {
            subscription.dispose();
        }
    }

    @Test
    void concurrentSubscriptionsTakeTurns(@Autowired Reactive reactive) throws Exception {
        Sinks.One<String> first = Sinks.one();
        List<String> received = new CopyOnWriteArrayList<>();
        Disposable holding = reactive.mono("turns", first.asMono()).subscribe(received::add);
        Disposable waiting = null;
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> this.redisTemplate.hasKey("lock:probe:turns"));
            waiting = reactive.mono("turns", Mono.just("second")).subscribe(received::add);
            Thread.sleep(300);
            assertThat(received).isEmpty();
            first.tryEmitValue("first");
            await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2);
            assertThat(received).containsExactly("first", "second");
        }
        finally {
            holding.dispose();
            if (waiting != null) {
                waiting.dispose();
            }
        }
    }

    @Test
    void aFluxReleasesTheLockWhenCancelled(@Autowired Reactive reactive, @Autowired Probe probe) throws Exception {
        Disposable subscription = reactive.flux("f", Flux.never()).subscribe();
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> probe.tryRun("f")) == null);
        subscription.dispose();
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> probe.tryRun("f")) != null);
    }

    @Test
    void minHoldTimeKeepsTheLockForTheWholeWindow(@Autowired Window window) throws Exception {
        long start = System.nanoTime();
        assertThat(window.run("job")).isTrue();
        assertThat(elsewhere(() -> window.run("job"))).isNull();
        assertThat(this.redisTemplate.hasKey("lock:window:job")).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> elsewhere(() -> window.run("job")) != null);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(1400));
    }

    @Test
    void durationsComeFromPlaceholders(@Autowired Placeholders placeholders) throws Exception {
        assertThat(placeholders.ttlOfOwnLock("p")).isBetween(1L, 2000L);
        holdElsewhere("placeholder:p");
        long start = System.nanoTime();
        assertThat(placeholders.ttlOfOwnLock("p")).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(90), Duration.ofSeconds(2));
    }

    @Test
    void aNullKeyThrowsAndLocksNothing(@Autowired NullKey nullKey) {
        assertThatIllegalArgumentException().isThrownBy(() -> nullKey.run(new Customer(null)))
            .withMessageContaining("'#customer.id'")
            .withMessageContaining("NullKey.run(Customer)");
        assertThatIllegalArgumentException().isThrownBy(() -> nullKey.run(null))
            .withMessageContaining("'#customer.id'");
        assertThat(nullKey.calls()).isZero();
        assertThat(this.redisTemplate.keys("*nullkey*")).isEmpty();
        assertThat(this.lockTemplate.heldLocks()).isEmpty();
    }

    private void holdElsewhere(String key) throws Exception {
        this.heldElsewhere.add(elsewhere(() -> this.lockTemplate.tryLock(key, LockOptions.defaults()).orElseThrow()));
    }

    /** Runs on another thread: this one's holds would be re-entered. */
    private <T> T elsewhere(Callable<T> action) throws Exception {
        return this.executor.submit(action).get(10, TimeUnit.SECONDS);
    }

    private <T> List<T> runConcurrently(int threads, IndexedTask<T> task) throws Exception {
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int index = i;
            futures.add(this.executor.submit(() -> task.run(index)));
        }
        List<T> results = new ArrayList<>();
        for (Future<T> future : futures) {
            results.add(future.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @FunctionalInterface
    interface IndexedTask<T> {

        T run(int index) throws Exception;
    }
}
