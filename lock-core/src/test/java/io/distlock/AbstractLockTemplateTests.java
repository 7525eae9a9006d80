package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.distlock.LockListener.LostReason;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The behaviour every topology and client must show, run against real redis-server processes.
 * A subclass supplies the connection factory.
 */
public abstract class AbstractLockTemplateTests {

    /** A short watchdog lease so that renewal and loss show within a test. */
    protected static final Duration LEASE = Duration.ofMillis(900);

    protected RedisConnectionFactory factory;

    protected DefaultLockTemplate template;

    protected RecordingListener listener;

    protected StringRedisTemplate redis;

    private RedisConnectionFactory inspection;

    protected abstract RedisConnectionFactory createConnectionFactory();

    /** Connections for the tests' own look at Redis; the template's own by default. */
    protected RedisConnectionFactory createInspectionFactory() {
        return this.factory;
    }

    @BeforeEach
    void createTemplate() {
        this.factory = createConnectionFactory();
        this.inspection = createInspectionFactory();
        this.redis = new StringRedisTemplate(this.inspection);
        this.listener = new RecordingListener();
        this.template = newTemplate();
    }

    protected DefaultLockTemplate newTemplate() {
        return DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:")).leaseTime(LEASE)
                .defaultWaitTime(Duration.ofSeconds(10)).listener(this.listener).build();
    }

    @AfterEach
    void closeTemplate() {
        this.template.close();
        RedisFactories.destroy(this.factory);
        if (this.inspection != this.factory) {
            RedisFactories.destroy(this.inspection);
        }
    }

    protected static LockOptions waiting(Duration wait) {
        return LockOptions.builder().waitTime(wait).build();
    }

    @Test
    void sixteenThreadsNeverOverlapAndLoseNoUpdate() throws Exception {
        int threads = 16;
        int rounds = 40;
        CriticalSection section = new CriticalSection();
        runConcurrently(threads, () -> {
            for (int i = 0; i < rounds; i++) {
                this.template.execute("counter", waiting(Duration.ofSeconds(30)), (lock) -> {
                    section.enter();
                    return null;
                });
            }
        });
        section.assertExclusive(threads * rounds);
        assertThat(this.redis.hasKey("lock:counter")).isFalse();
    }

    @Test
    void fencingTokensStrictlyIncreaseInLockOrder() throws Exception {
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        runConcurrently(8, () -> {
            for (int i = 0; i < 20; i++) {
                this.template.execute("fenced", waiting(Duration.ofSeconds(30)), (lock) -> tokens.add(lock.fencingToken()));
            }
        });
        assertThat(tokens).hasSize(160);
        for (int i = 1; i < tokens.size(); i++) {
            assertThat(tokens.get(i)).isGreaterThan(tokens.get(i - 1));
        }
    }

    @Test
    void tryLockWithZeroWaitFailsAtOnceWhileAnotherThreadHolds() throws Exception {
        LockHandle held = this.template.tryLock("busy", LockOptions.defaults()).orElseThrow();
        Optional<LockHandle> other = CompletableFuture
                .supplyAsync(() -> this.template.tryLock("busy", LockOptions.defaults())).get(5, TimeUnit.SECONDS);
        assertThat(other).isEmpty();
        assertThat(this.listener.timedOut).hasValue(1);
        held.close();
        assertThat(this.redis.hasKey("lock:busy")).isFalse();
    }

    @Test
    void waiterIsWokenByTheReleaseLongBeforeTheLeaseRunsOut() throws Exception {
        // Woken by the local release: far sooner than the 60 s lease or the 30 s wait.
        assertHandOff(this.template, "handoff");
    }

    @Test
    void waiterInAnotherTemplateIsWokenByThePublishedRelease() throws Exception {
        DefaultLockTemplate other = newTemplate();
        try {
            // Only the pub/sub notification can wake it before the 60 s lease runs out.
            assertHandOff(other, "remote-handoff");
        }
        finally {
            other.close();
        }
    }

    /** {@code holder} holds {@code key} with a 60 s lease; this template's waiter gets it soon after its release. */
    private void assertHandOff(DefaultLockTemplate holder, String key) throws Exception {
        LockHandle held = holder.tryLock(key, LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build())
                .orElseThrow();
        CompletableFuture<Optional<LockHandle>> waiter = WaitingThreads
                .startWaiting(() -> this.template.tryLock(key, waiting(Duration.ofSeconds(30))));
        assertThat(waiter).isNotDone();
        held.close();
        LockHandle next = waiter.get(10, TimeUnit.SECONDS).orElseThrow();
        assertThat(next.fencingToken()).isGreaterThan(held.fencingToken());
        next.close();
    }

    @Test
    void executeThrowsNamingKeyAndWaitWhenTheWaitRunsOut() throws Exception {
        LockHandle held = this.template.tryLock("taken", LockOptions.defaults()).orElseThrow();
        Future<?> attempt = Executors.newSingleThreadExecutor().submit(
                () -> this.template.execute("taken", waiting(Duration.ofMillis(300)), (lock) -> "ran"));
        assertThatThrownBy(() -> attempt.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(LockAcquisitionException.class)
                .hasMessageContaining("taken").hasMessageContaining("PT0.3S");
        held.close();
    }

    @Test
    void callbackExceptionPassesThroughAfterRelease() {
        IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> this.template.execute("failing", (lock) -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(this.redis.hasKey("lock:failing")).isFalse();
    }

    @Test
    void sameThreadReentersWithTheSameTokenAndReleasesAtTheOutermostClose() {
        LockHandle outer = this.template.tryLock("reentrant", LockOptions.defaults()).orElseThrow();
        LockHandle inner = this.template.tryLock("reentrant", LockOptions.defaults()).orElseThrow();
        assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
        String value = this.template.execute("reentrant", (lock) -> "nested " + lock.fencingToken());
        assertThat(value).isEqualTo("nested " + outer.fencingToken());
        inner.close();
        inner.close();
        assertThat(this.redis.hasKey("lock:reentrant")).isTrue();
        assertThat(outer.isHeld()).isTrue();
        outer.close();
        assertThat(this.redis.hasKey("lock:reentrant")).isFalse();
        assertThat(outer.isHeld()).isFalse();
        assertThat(this.listener.acquired).hasValue(1);
        assertThat(this.listener.released).hasValue(1);
    }

    @Test
    void aDetachedLockIsNotReenteredByTheThreadThatTookIt() throws Exception {
        LockHandle lock = this.template.tryLock("detached", LockOptions.defaults()).orElseThrow();
        LockHandle inner = this.template.tryLock("detached", LockOptions.defaults()).orElseThrow();
        inner.detachFromThread();
        this.template.tryLock("detached", LockOptions.defaults()).orElseThrow().close(); // still re-entered
        lock.detachFromThread();
        assertThat(this.template.tryLock("detached", LockOptions.defaults())).isEmpty();
        inner.close();
        assertThat(lock.isHeld()).isTrue();
        CompletableFuture.runAsync(lock::close).get(5, TimeUnit.SECONDS);
        assertThat(this.redis.hasKey("lock:detached")).isFalse();
        this.template.tryLock("detached", LockOptions.defaults()).orElseThrow().close();
    }

    @Test
    void anotherThreadCanReleaseAHandle() throws Exception {
        LockHandle lock = this.template.tryLock("async", LockOptions.defaults()).orElseThrow();
        CompletableFuture.runAsync(lock::close).get(5, TimeUnit.SECONDS);
        assertThat(this.redis.hasKey("lock:async")).isFalse();
        assertThat(lock.isHeld()).isFalse();
    }

    @Test
    void watchdogKeepsALockPastThreeLeases() throws Exception {
        LockHandle lock = this.template.tryLock("long-job", LockOptions.defaults()).orElseThrow();
        // The claim is about time passing (three leases), so a fixed sleep is the test itself; the
        // renewal count below is the positive signal that the watchdog worked meanwhile.
        Thread.sleep(LEASE.multipliedBy(3).toMillis() + 300);
        assertThat(lock.isHeld()).isTrue();
        Long ttl = this.redis.getExpire("lock:long-job", TimeUnit.MILLISECONDS);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(LEASE.toMillis());
        assertThat(this.listener.renewed.get()).isGreaterThanOrEqualTo(6);
        assertThat(this.template.tryLock("long-job", LockOptions.defaults())).isPresent(); // re-entrant
        lock.close();
    }

    @Test
    void fixedLeaseIsNotRenewedAndExpires() throws Exception {
        LockHandle lock = this.template.tryLock("fixed", LockOptions.builder().leaseTime(Duration.ofMillis(300)).build())
                .orElseThrow();
        await().atMost(Duration.ofSeconds(3)).until(() -> !this.redis.hasKey("lock:fixed"));
        assertThat(lock.isHeld()).isFalse();
        lock.close();
        assertThat(this.listener.expired).hasValue(1);
    }

    @Test
    void lockDeletedBehindTheHoldersBackIsReportedLostWithinOneRenewal() {
        LockHandle lock = this.template.tryLock("stolen", LockOptions.defaults()).orElseThrow();
        this.redis.delete("lock:stolen");
        // isHeld() turns false first; the watchdog thread then tells the listeners.
        await().atMost(LEASE).until(() -> !lock.isHeld() && !this.listener.lost.isEmpty());
        assertThat(this.listener.lost).containsExactly(LostReason.NOT_OWNED);
        lock.close();
        assertThat(this.listener.expired).hasValue(1);
        assertThat(this.listener.released).hasValue(0);
    }

    @Test
    void releaseAfterExpiryLeavesTheNewOwnersLockAlone() throws Exception {
        LockHandle first = this.template.tryLock("handover", LockOptions.builder().leaseTime(Duration.ofMillis(200)).build())
                .orElseThrow();
        LockHandle second = CompletableFuture
                .supplyAsync(() -> this.template.tryLock("handover", waiting(Duration.ofSeconds(5))).orElseThrow())
                .get(10, TimeUnit.SECONDS);
        first.close();
        assertThat(second.isHeld()).isTrue();
        assertThat(this.redis.hasKey("lock:handover")).isTrue();
        assertThat(second.extend(Duration.ofSeconds(5))).isTrue();
        assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
        assertThat(this.listener.expired).hasValue(1);
        CompletableFuture.runAsync(second::close).get(5, TimeUnit.SECONDS);
        assertThat(this.redis.hasKey("lock:handover")).isFalse();
    }

    @Test
    void extendIsOwnerChecked() {
        LockHandle lock = this.template.tryLock("extended", LockOptions.builder().leaseTime(Duration.ofSeconds(2)).build())
                .orElseThrow();
        assertThat(lock.extend(Duration.ofSeconds(30))).isTrue();
        assertThat(this.redis.getExpire("lock:extended", TimeUnit.SECONDS)).isGreaterThan(20);
        this.redis.opsForValue().set("lock:extended", "someone-else");
        assertThat(lock.extend(Duration.ofSeconds(30))).isFalse();
        assertThat(lock.isHeld()).isFalse();
        assertThat(this.redis.getExpire("lock:extended")).isEqualTo(-1);
        lock.close();
        assertThat(this.redis.opsForValue().get("lock:extended")).isEqualTo("someone-else");
        this.redis.delete("lock:extended");
    }

    @Test
    void multipleKeysAreLockedInSortedOrderAllOrNothing() throws Exception {
        List<LockHandle> locks = this.template.tryLockAll(List.of("b", "a", "c", "a"), LockOptions.defaults()).orElseThrow();
        assertThat(locks).extracting(LockHandle::key).containsExactly("a", "b", "c");
        locks.forEach(LockHandle::close);

        LockHandle c = this.template.tryLock("c", LockOptions.defaults()).orElseThrow();
        Optional<List<LockHandle>> all = CompletableFuture
                .supplyAsync(() -> this.template.tryLockAll(List.of("a", "b", "c"), waiting(Duration.ofMillis(200))))
                .get(10, TimeUnit.SECONDS);
        assertThat(all).isEmpty();
        assertThat(this.redis.hasKey("lock:a")).isFalse();
        assertThat(this.redis.hasKey("lock:b")).isFalse();
        c.close();
    }

    @Test
    void crossedMultiKeyLocksDoNotDeadlock() throws Exception {
        AtomicInteger done = new AtomicInteger();
        runConcurrently(6, () -> {
            for (int i = 0; i < 15; i++) {
                List<String> keys = (Thread.currentThread().getId() % 2 == 0) ? List.of("from", "to") : List.of("to", "from");
                List<LockHandle> locks = this.template.tryLockAll(keys, waiting(Duration.ofSeconds(30))).orElseThrow();
                done.incrementAndGet();
                locks.forEach(LockHandle::close);
            }
        });
        assertThat(done).hasValue(90);
    }

    @Test
    void minimumHoldTimeKeepsTheLockAfterAnEarlyRelease() {
        LockOptions options = LockOptions.builder().minHoldTime(Duration.ofMillis(1500)).build();
        this.template.execute("window", options, (lock) -> null);
        Long ttl = this.redis.getExpire("lock:window", TimeUnit.MILLISECONDS);
        assertThat(ttl).isPositive().isLessThanOrEqualTo(1500);
        assertThat(this.template.tryLock("window", LockOptions.defaults())).isEmpty();
        LockHandle later = this.template.tryLock("window", waiting(Duration.ofSeconds(5))).orElseThrow();
        later.close();
    }

    @Test
    void lockViewFollowsJucSemantics() throws Exception {
        Lock lock = this.template.asLock("juc");
        lock.lock();
        lock.lock();
        assertThat(CompletableFuture.supplyAsync(lock::tryLock).get(5, TimeUnit.SECONDS)).isFalse();
        assertThatThrownBy(() -> CompletableFuture.runAsync(lock::unlock).join())
                .hasCauseInstanceOf(IllegalMonitorStateException.class);
        lock.unlock();
        assertThat(this.redis.hasKey("lock:juc")).isTrue();
        this.template.asLock("juc").unlock();
        assertThat(this.redis.hasKey("lock:juc")).isFalse();
        assertThatThrownBy(lock::unlock).isInstanceOf(IllegalMonitorStateException.class);
        assertThatThrownBy(lock::newCondition).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("juc");
        assertThat(lock.tryLock(1, TimeUnit.SECONDS)).isTrue();
        lock.unlock();
    }

    @Test
    void interruptedWaiterLeavesNothingBehind() throws Exception {
        LockHandle held = this.template.tryLock("interrupted", LockOptions.defaults()).orElseThrow();
        Lock view = this.template.asLock("interrupted");
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            started.countDown();
            try {
                view.lockInterruptibly();
            }
            catch (Throwable ex) {
                thrown.set(ex);
            }
        });
        waiter.start();
        started.await();
        WaitingThreads.awaitWaiting(waiter);
        waiter.interrupt();
        waiter.join(5000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        held.close();
        assertThat(this.redis.hasKey("lock:interrupted")).isFalse();

        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> this.template.tryLock("interrupted", waiting(Duration.ofSeconds(1))))
                .isInstanceOf(LockAcquisitionException.class).hasMessageContaining("Interrupted");
        assertThat(Thread.interrupted()).isTrue();
    }

    /**
     * Each worker locks keys of its own, so finding one of them taken means an earlier hold of
     * that worker was left behind in Redis. The lease (600 ms, renewed every 200 ms, so renewal
     * rounds run all along) outlives the 50 ms wait, and the keys are checked as soon as the
     * workers are done: a left-over key cannot expire unseen.
     */
    @Test
    void releasedLocksNeverComeBackUnderRacingRenewalsAndInterrupts() throws Exception {
        DefaultLockTemplate fast = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:race:"))
                .leaseTime(Duration.ofMillis(600)).build();
        List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicInteger finished = new AtomicInteger();
        AtomicInteger acquired = new AtomicInteger();
        List<String> foundTaken = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread interrupter = new Thread(() -> {
            java.util.Random random = new java.util.Random(42);
            while (finished.get() < 4) {
                if (!workers.isEmpty()) {
                    workers.get(random.nextInt(workers.size())).interrupt();
                }
                java.util.concurrent.locks.LockSupport.parkNanos(2_000_000);
            }
        });
        try {
            interrupter.start();
            runConcurrently(4, () -> {
                workers.add(Thread.currentThread());
                try {
                    for (int i = 0; i < 400; i++) {
                        String key = Thread.currentThread().getName() + "-" + (i % 7);
                        try {
                            Optional<LockHandle> lock = fast.tryLock(key, waiting(Duration.ofMillis(50)));
                            if (lock.isPresent()) {
                                acquired.incrementAndGet();
                                Thread.yield();
                                lock.get().close();
                            }
                            else {
                                foundTaken.add(key);
                            }
                        }
                        catch (LockAcquisitionException ex) {
                            assertThat(ex).hasMessageContaining("Interrupted");
                        }
                        catch (LockUnavailableException ex) {
                            // An interrupt during a Redis call; the attempt was undone.
                        }
                        Thread.interrupted();
                    }
                }
                finally {
                    workers.remove(Thread.currentThread());
                    finished.incrementAndGet();
                    Thread.interrupted();
                }
            });
            Set<String> left = this.redis.keys("lock:race:*");
            assertThat(left).allMatch((key) -> key.startsWith("lock:race:__distlock:fence:"));
            assertThat(foundTaken).as("own keys found still locked by an earlier hold").isEmpty();
            assertThat(acquired.get()).isGreaterThan(100);
            interrupter.join(5000);
        }
        finally {
            finished.set(4);
            fast.close();
        }
    }

    @Test
    void closingTheTemplateReleasesItsLocksAndFailsItsWaiters() throws Exception {
        LockHandle lock = this.template.tryLock("shutdown", LockOptions.defaults()).orElseThrow();
        DefaultLockTemplate other = newTemplate();
        try {
            LockHandle blocker = other.tryLock("blocked", LockOptions.defaults()).orElseThrow();
            CompletableFuture<Optional<LockHandle>> blocked = WaitingThreads
                    .startWaiting(() -> this.template.tryLock("blocked", waiting(Duration.ofSeconds(30))));
            this.template.close();
            assertThatThrownBy(() -> blocked.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LockUnavailableException.class);
            assertThat(lock.isHeld()).isFalse();
            assertThat(this.redis.hasKey("lock:shutdown")).isFalse();
            assertThat(other.tryLock("shutdown", LockOptions.defaults())).isPresent();
            blocker.close();
        }
        finally {
            other.close();
        }
    }

    @Test
    void invalidArgumentsAreRejectedBeforeTouchingRedis() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.tryLock(null, LockOptions.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.tryLock(" ", LockOptions.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.tryLock("__distlock:fence:{0}", LockOptions.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> LockOptions.builder().waitTime(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> LockOptions.builder().leaseTime(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> LockOptions.builder().leaseTime(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.tryLockAll(List.of(), LockOptions.defaults()));
        assertThatIllegalArgumentException().isThrownBy(() -> this.template.asLock(""));
        LockHandle lock = this.template.tryLock("valid", LockOptions.defaults()).orElseThrow();
        assertThatIllegalArgumentException().isThrownBy(() -> lock.extend(Duration.ZERO));
        lock.close();
        assertThat(this.listener.acquired).hasValue(1);
    }

    @Test
    void heldLocksListsWhatThisTemplateHolds() {
        LockHandle lock = this.template.tryLock("listed",
                LockOptions.builder().name("orders").build()).orElseThrow();
        assertThat(this.template.heldLocks()).singleElement().satisfies((info) -> {
            assertThat(info.name()).isEqualTo("orders");
            assertThat(info.key()).isEqualTo("listed");
            assertThat(info.redisKey()).isEqualTo("lock:listed");
            assertThat(info.fencingToken()).isEqualTo(lock.fencingToken());
            assertThat(info.watchdog()).isTrue();
        });
        lock.close();
        assertThat(this.template.heldLocks()).isEmpty();
    }

    /** Runs {@code task} on {@code threads} platform threads at once and rethrows the first failure. */
    public static void runConcurrently(int threads, ThrowingRunnable task) throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(executor.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
        }
        finally {
            executor.shutdownNow();
        }
    }

    /** A task that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {

        void run() throws Exception;
    }
}
