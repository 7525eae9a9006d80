package io.distlock;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edges rule 10: {@code asLock().lock()} is uninterruptible, as
 * {@link java.util.concurrent.locks.Lock#lock()} says. Interrupts while it waits or while it is
 * inside a Redis call neither make it throw nor leave a lock behind; it returns holding the lock
 * with the interrupt kept as the thread's interrupt status. {@code lockInterruptibly()} still throws.
 */
class LockViewInterruptTests {

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    private LettuceConnectionFactory factory;

    private LettuceConnectionFactory holderFactory;

    private DefaultLockTemplate template;

    private DefaultLockTemplate holder;

    private StringRedisTemplate redis;

    @BeforeEach
    void createTemplates() {
        this.factory = RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        this.holderFactory = RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        this.template = DefaultLockTemplate.builder(new RedisLockBackend(this.factory, "lock:"))
                .leaseTime(Duration.ofSeconds(30)).build();
        this.holder = DefaultLockTemplate.builder(new RedisLockBackend(this.holderFactory, "lock:"))
                .leaseTime(Duration.ofSeconds(30)).build();
        this.redis = new StringRedisTemplate(this.holderFactory);
    }

    @AfterEach
    void closeTemplates() {
        this.template.close();
        this.holder.close();
        this.factory.destroy();
        this.holderFactory.destroy();
    }

    @Test
    void rule10_lockKeepsWaitingThroughRepeatedInterruptsAndReturnsHoldingTheLock() throws Exception {
        LockHandle held = this.holder.tryLock("contended", LockOptions.defaults()).orElseThrow();
        Lock view = this.template.asLock("contended");
        Outcome outcome = Outcome.lockOn(view);
        WaitingThreads.awaitWaiting(outcome.thread);
        // Interrupts every millisecond or two, while it waits and while it calls Redis on each wake-up.
        Interrupter interrupter = Interrupter.start(outcome.thread);
        await().atMost(Duration.ofSeconds(10)).until(() -> interrupter.count.get() >= 200);
        held.close();
        outcome.assertReturnedHoldingTheLockInterrupted();
        interrupter.stop();
        assertThat(this.redis.hasKey("lock:contended")).isTrue();
        outcome.unlock();
        assertThat(lockKeys()).isEmpty();
    }

    @Test
    void rule10_interruptDuringTheRedisCallIsKeptAndTheLockIsStillTaken() throws Exception {
        RedisServer redisServer = server.server();
        Lock view = this.template.asLock("in-call");
        // Connect first, so that the call below is the acquire script itself.
        view.lock();
        view.unlock();
        redisServer.pause();
        Outcome outcome;
        try {
            outcome = Outcome.lockOn(view);
            awaitInsideARedisCall(outcome.thread);
            outcome.thread.interrupt();
            // Resume only once the client has given up on the interrupted call.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                    .until(() -> outcome.returned.isDone() || !isAcquiring(outcome.thread));
        }
        finally {
            redisServer.resume();
        }
        outcome.assertReturnedHoldingTheLockInterrupted();
        outcome.unlock();
        assertThat(lockKeys()).isEmpty();
    }

    @Test
    void rule10_lockInterruptiblyStillThrowsAndLeavesNothingBehind() throws Exception {
        RedisServer redisServer = server.server();
        Lock view = this.template.asLock("interruptible");
        view.lock();
        view.unlock();
        redisServer.pause();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                view.lockInterruptibly();
                thrown.complete(null);
            }
            catch (Throwable ex) {
                thrown.complete(ex);
            }
        });
        try {
            thread.start();
            awaitInsideARedisCall(thread);
            thread.interrupt();
            assertThat(thrown.get(10, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
        finally {
            redisServer.resume();
        }
        // The acquire reached Redis before the interrupt; its undo must follow it.
        await().atMost(Duration.ofSeconds(5)).until(() -> lockKeys().isEmpty());
    }

    private Set<String> lockKeys() {
        Set<String> keys = this.redis.keys("lock:*");
        keys.removeIf((key) -> key.startsWith("lock:__distlock:"));
        return keys;
    }

    private static void awaitInsideARedisCall(Thread thread) {
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5)).until(() -> isInsideARedisCall(thread));
    }

    /** Whether the thread is inside the backend's acquire call. */
    private static boolean isAcquiring(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(RedisLockBackend.class.getName()) && frame.getMethodName().equals("tryAcquire")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the thread waits for the reply of a Lettuce command (the server is paused). */
    private static boolean isInsideARedisCall(Thread thread) {
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().startsWith("io.lettuce.core.") && frame.getClassName().contains("Future")) {
                return true;
            }
        }
        return false;
    }

    /** What {@code lock()} did on its own thread. */
    private static final class Outcome {

        final CompletableFuture<Boolean> returned = new CompletableFuture<>();

        final CompletableFuture<Void> release = new CompletableFuture<>();

        final CompletableFuture<Void> released = new CompletableFuture<>();

        Thread thread;

        /** Calls {@code lock()} on a new thread; it records whether it came back interrupted, then waits to unlock. */
        static Outcome lockOn(Lock view) {
            Outcome outcome = new Outcome();
            outcome.thread = new Thread(() -> {
                try {
                    view.lock();
                    outcome.returned.complete(Thread.interrupted());
                }
                catch (Throwable ex) {
                    outcome.returned.completeExceptionally(ex);
                    return;
                }
                // Wait for the test's go ahead whatever interrupts still come, then unlock with the
                // interrupt status set, as a caller that ignores it would.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!outcome.release.isDone() && System.nanoTime() < deadline) {
                    Thread.interrupted();
                    LockSupport.parkNanos(1_000_000);
                }
                try {
                    Thread.currentThread().interrupt();
                    view.unlock();
                    outcome.released.complete(null);
                }
                catch (Throwable ex) {
                    outcome.released.completeExceptionally(ex);
                }
            }, "lock-view");
            outcome.thread.start();
            return outcome;
        }

        void assertReturnedHoldingTheLockInterrupted() throws Exception {
            assertThat(this.returned.get(20, TimeUnit.SECONDS)).as("interrupt status when lock() returned").isTrue();
        }

        /** Unlocks on the locking thread, with its interrupt status set. */
        void unlock() throws Exception {
            this.release.complete(null);
            this.released.get(10, TimeUnit.SECONDS);
        }
    }

    /** Interrupts one thread every one to two milliseconds until stopped. */
    private static final class Interrupter {

        final AtomicInteger count = new AtomicInteger();

        final AtomicBoolean stopped = new AtomicBoolean();

        static Interrupter start(Thread target) {
            Interrupter interrupter = new Interrupter();
            Thread thread = new Thread(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!interrupter.stopped.get() && System.nanoTime() < deadline) {
                    target.interrupt();
                    interrupter.count.incrementAndGet();
                    LockSupport.parkNanos(1_000_000);
                }
            }, "interrupter");
            thread.setDaemon(true);
            thread.start();
            return interrupter;
        }

        void stop() {
            this.stopped.set(true);
        }
    }
}
