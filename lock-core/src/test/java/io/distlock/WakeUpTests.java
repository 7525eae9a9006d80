package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Edges rule 3: a waiter, in the same instance or another, gets a lock within 250 ms of it
 * becoming free: after a plain release, after the end of a {@code minHoldTime} hold, and after a
 * force-release, the releasing instance's own waiters too.
 * <p>
 * Every holder has a 30 s watchdog lease, so a waiter that is not woken sleeps until the 10 s
 * wait runs out. Latency is measured from the moment the lock became free (before the release
 * call, or the end of the minimum hold) to the moment the waiter's {@code tryLock} returned, and
 * may be {@value #RULE_MILLIS} ms plus a margin of {@value #MARGIN_MILLIS} ms for a loaded machine.
 * Run with Lettuce and with Jedis, whose subscriptions work differently.
 */
class WakeUpTests {

    static final long RULE_MILLIS = 250;

    static final long MARGIN_MILLIS = 750;

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final Duration MIN_HOLD = Duration.ofSeconds(3);

    @RegisterExtension
    static final RedisServerExtension server = RedisServerExtension.standalone();

    @Nested
    class Lettuce extends Rule3 {

        @Override
        RedisConnectionFactory createConnectionFactory() {
            return RedisFactories.lettuce(RedisFactories.standalone(server.port()));
        }
    }

    @Nested
    class Jedis extends Rule3 {

        @Override
        RedisConnectionFactory createConnectionFactory() {
            return RedisFactories.jedis(RedisFactories.standalone(server.port()));
        }
    }

    /** The six cases, for one client library. */
    abstract static class Rule3 {

        private final List<RedisConnectionFactory> factories = new ArrayList<>();

        private final List<DefaultLockTemplate> templates = new ArrayList<>();

        /** The instance that releases (or force-releases) the lock. */
        private RedisLockBackend releasingBackend;

        private DefaultLockTemplate releasing;

        /** Another instance on the same Redis. */
        private DefaultLockTemplate other;

        /** A third instance, holding the locks that are force-released (a stuck holder elsewhere). */
        private DefaultLockTemplate stuck;

        @BeforeEach
        void createInstances() {
            this.releasingBackend = backend();
            this.releasing = template(this.releasingBackend);
            this.other = template(backend());
            this.stuck = template(backend());
        }

        private RedisLockBackend backend() {
            RedisConnectionFactory factory = createConnectionFactory();
            this.factories.add(factory);
            return new RedisLockBackend(factory, "lock:");
        }

        private DefaultLockTemplate template(RedisLockBackend backend) {
            DefaultLockTemplate template = DefaultLockTemplate.builder(backend).leaseTime(Duration.ofSeconds(30)).build();
            this.templates.add(template);
            return template;
        }

        /** A new connection factory to the server: one per instance. */
        abstract RedisConnectionFactory createConnectionFactory();

        @AfterEach
        void close() {
            this.templates.forEach(DefaultLockTemplate::close);
            this.factories.forEach(RedisFactories::destroy);
        }

        @Test
        void rule3_plainReleaseWakesAWaiterOfTheSameInstance() throws Exception {
            assertPlainReleaseWakes(this.releasing, "plain-local");
        }

        @Test
        void rule3_plainReleaseWakesAWaiterOfAnotherInstance() throws Exception {
            assertPlainReleaseWakes(this.other, "plain-remote");
        }

        @Test
        void rule3_endOfAMinimumHoldWakesAWaiterOfTheSameInstance() throws Exception {
            assertEndOfMinimumHoldWakes(this.releasing, "window-local");
        }

        @Test
        void rule3_endOfAMinimumHoldWakesAWaiterOfAnotherInstance() throws Exception {
            assertEndOfMinimumHoldWakes(this.other, "window-remote");
        }

        @Test
        void rule3_forceReleaseWakesAWaiterOfTheReleasingInstance() throws Exception {
            assertForceReleaseWakes(this.releasing, "forced-local");
        }

        @Test
        void rule3_forceReleaseWakesAWaiterOfAnotherInstance() throws Exception {
            assertForceReleaseWakes(this.other, "forced-remote");
        }

        /**
         * The release notification wakes one waiter per instance; when that one gives up before
         * the minimum hold ends, the next one must still learn of the short expiry.
         */
        @Test
        void rule3_endOfAMinimumHoldWakesTheNextWaiterOfAnotherInstanceWhenTheFirstGivesUp() throws Exception {
            // A first hand-off starts the other instance's release subscription, which takes a
            // while on a loaded machine, so that the waiters below are ready well within the hold.
            LockHandle warmUp = this.releasing.tryLock("warm-up", LockOptions.defaults()).orElseThrow();
            Waiter warmUpWaiter = Waiter.start(this.other, "warm-up");
            warmUp.close();
            assertThat(warmUpWaiter.acquiredAt.get(WAIT.toSeconds() + 10, TimeUnit.SECONDS)).isPositive();
            String key = "window-hand-on";
            Duration minHold = MIN_HOLD.plusSeconds(1);
            long start = System.nanoTime();
            LockHandle held = this.releasing.tryLock(key, LockOptions.builder().minHoldTime(minHold).build())
                    .orElseThrow();
            Waiter impatient = Waiter.start(this.other, key, Duration.ofMillis(1500));
            Waiter patient = Waiter.start(this.other, key, WAIT);
            held.close();
            long freeAt = start + minHold.toNanos();
            assertThat(TimeUnit.NANOSECONDS.toMillis(freeAt - System.nanoTime())).isGreaterThan(1500);
            assertThat(impatient.acquiredAt.get(10, TimeUnit.SECONDS)).as("the impatient waiter's outcome").isZero();
            long acquiredAt = assertWokenWithinTheRule(patient, freeAt);
            assertThat(acquiredAt).isGreaterThan(freeAt);
        }

        private void assertPlainReleaseWakes(DefaultLockTemplate waiterTemplate, String key) throws Exception {
            LockHandle held = this.releasing.tryLock(key, LockOptions.defaults()).orElseThrow();
            Waiter waiter = Waiter.start(waiterTemplate, key);
            long freeAt = System.nanoTime();
            held.close();
            assertWokenWithinTheRule(waiter, freeAt);
        }

        private void assertEndOfMinimumHoldWakes(DefaultLockTemplate waiterTemplate, String key) throws Exception {
            long start = System.nanoTime();
            LockHandle held = this.releasing.tryLock(key, LockOptions.builder().minHoldTime(MIN_HOLD).build()).orElseThrow();
            Waiter waiter = Waiter.start(waiterTemplate, key);
            held.close();
            long freeAt = start + MIN_HOLD.toNanos();
            // The release must come well before the end of the hold, or this tests a plain release.
            assertThat(TimeUnit.NANOSECONDS.toMillis(freeAt - System.nanoTime())).isGreaterThan(1000);
            long acquiredAt = assertWokenWithinTheRule(waiter, freeAt);
            assertThat(acquiredAt).as("the waiter got the lock before the minimum hold ended").isGreaterThan(freeAt);
        }

        private void assertForceReleaseWakes(DefaultLockTemplate waiterTemplate, String key) throws Exception {
            LockHandle held = this.stuck.tryLock(key, LockOptions.defaults()).orElseThrow();
            Waiter waiter = Waiter.start(waiterTemplate, key);
            long freeAt = System.nanoTime();
            assertThat(this.releasingBackend.forceRelease("lock:" + key)).isTrue();
            assertWokenWithinTheRule(waiter, freeAt);
            held.close();
        }

        /** @return when the waiter got the lock ({@link System#nanoTime()}) */
        private static long assertWokenWithinTheRule(Waiter waiter, long freeAt) throws Exception {
            long acquiredAt = waiter.acquiredAt.get(WAIT.toSeconds() + 10, TimeUnit.SECONDS);
            assertThat(acquiredAt).as("the waiter got no lock within its %s wait", WAIT).isPositive();
            assertThat(TimeUnit.NANOSECONDS.toMillis(acquiredAt - freeAt)).as("ms from free to acquired")
                    .isLessThanOrEqualTo(RULE_MILLIS + MARGIN_MILLIS);
            return acquiredAt;
        }
    }

    /** A thread waiting for a lock; it takes the lock, notes when, and releases it. */
    private static final class Waiter {

        /** When {@code tryLock} returned holding the lock, or 0 when it returned empty. */
        final CompletableFuture<Long> acquiredAt = new CompletableFuture<>();

        static Waiter start(DefaultLockTemplate template, String key) {
            return start(template, key, WAIT);
        }

        static Waiter start(DefaultLockTemplate template, String key, Duration wait) {
            Waiter waiter = new Waiter();
            Thread thread = new Thread(() -> {
                try {
                    Optional<LockHandle> lock = template.tryLock(key, LockOptions.builder().waitTime(wait).build());
                    long now = System.nanoTime();
                    lock.ifPresent(LockHandle::close);
                    waiter.acquiredAt.complete(lock.isPresent() ? now : 0L);
                }
                catch (Throwable ex) {
                    waiter.acquiredAt.completeExceptionally(ex);
                }
            }, "waiter-" + key);
            thread.start();
            WaitingThreads.awaitWaiting(thread);
            return waiter;
        }
    }
}
