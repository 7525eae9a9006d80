package io.distlock.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockUnavailableException;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The meters of {@link MicrometerLockListener}, counted against a real redis-server. Two templates
 * on one factory stand for two application instances.
 */
class MicrometerLockListenerTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static final Duration LEASE = Duration.ofMillis(900);

    private final TestRedis testRedis = new TestRedis();

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private final MicrometerLockListener listener = new MicrometerLockListener(this.registry);

    private DefaultLockTemplate template;

    private DefaultLockTemplate otherInstance;

    @BeforeEach
    void createTemplates() {
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(redis.port(), Duration.ofMillis(500));
        this.template = this.testRedis.template(factory, LEASE, this.listener);
        this.otherInstance = this.testRedis.template(factory, LEASE);
    }

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void countsEveryAcquisitionAndHoldByLockName() {
        for (int i = 0; i < 5; i++) {
            this.template.execute("orders:" + i, options("orders"), (lock) -> null);
        }
        this.template.execute("invoices:1", options("invoices"), (lock) -> null);
        assertThat(timerCount(LockMeterNames.ACQUIRE, "orders", LockMeterNames.ACQUIRED)).isEqualTo(5);
        assertThat(timerCount(LockMeterNames.HELD, "orders", LockMeterNames.RELEASED)).isEqualTo(5);
        assertThat(timerCount(LockMeterNames.ACQUIRE, "invoices", LockMeterNames.ACQUIRED)).isEqualTo(1);
        assertThat(this.registry.find(LockMeterNames.HELD).tag(LockMeterNames.OUTCOME_TAG, LockMeterNames.EXPIRED)
            .timer()).isNull();
        assertThat(active("orders")).isZero();
    }

    @Test
    void countsReentrantHoldsOnce() {
        this.template.execute("orders:1", options("orders"),
                (outer) -> this.template.execute("orders:1", options("orders"), (inner) -> null));
        assertThat(timerCount(LockMeterNames.ACQUIRE, "orders", LockMeterNames.ACQUIRED)).isEqualTo(1);
        assertThat(timerCount(LockMeterNames.HELD, "orders", LockMeterNames.RELEASED)).isEqualTo(1);
    }

    @Test
    void countsAWaitThatRanOutAsTimeout() {
        try (LockHandle held = this.otherInstance.tryLock("orders:1", options("orders")).orElseThrow()) {
            Optional<LockHandle> waited = this.template.tryLock("orders:1",
                    LockOptions.builder().name("orders").waitTime(Duration.ofMillis(100)).build());
            assertThat(waited).isEmpty();
        }
        assertThat(timerCount(LockMeterNames.ACQUIRE, "orders", LockMeterNames.TIMEOUT)).isEqualTo(1);
        assertThat(this.registry.get(LockMeterNames.ACQUIRE).tags(LockMeterNames.OUTCOME_TAG, LockMeterNames.TIMEOUT)
            .timer().totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(100);
        assertThat(this.registry.find(LockMeterNames.ACQUIRE).tag(LockMeterNames.OUTCOME_TAG, LockMeterNames.ACQUIRED)
            .timer()).isNull();
    }

    @Test
    void activeGaugeCountsTheLocksHeldNow() {
        LockHandle first = this.template.tryLock("orders:1", options("orders")).orElseThrow();
        assertThat(active("orders")).isEqualTo(1);
        LockHandle second = this.template.tryLock("orders:2", options("orders")).orElseThrow();
        assertThat(active("orders")).isEqualTo(2);
        first.close();
        assertThat(active("orders")).isEqualTo(1);
        second.close();
        second.close();
        assertThat(active("orders")).isZero();
    }

    @Test
    void countsALostLockOnceAndItsHoldAsExpired() {
        LockHandle lock = this.template.tryLock("orders:1", options("orders")).orElseThrow();
        await().atMost(Duration.ofSeconds(5))
            .until(() -> counterCount("orders", LockMeterNames.RENEWED) >= 1);
        redis.server().command("DEL", TestRedis.KEY_PREFIX + "orders:1");
        await().atMost(Duration.ofSeconds(5)).until(() -> counterCount("orders", LockMeterNames.LOST) == 1);
        assertThat(lock.isHeld()).isFalse();
        assertThat(active("orders")).isZero();
        lock.close();
        assertThat(timerCount(LockMeterNames.HELD, "orders", LockMeterNames.EXPIRED)).isEqualTo(1);
        assertThat(this.registry.find(LockMeterNames.HELD).tag(LockMeterNames.OUTCOME_TAG, LockMeterNames.RELEASED)
            .timer()).isNull();
        assertThat(counterCount("orders", LockMeterNames.LOST)).isEqualTo(1);
        assertThat(active("orders")).isZero();
    }

    @Test
    void countsRedisFailuresAsErrors() {
        // A lease long enough that a renewal round failing at the command timeout is an error, not yet a loss.
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(redis.port(), Duration.ofMillis(500));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofSeconds(3), this.listener);
        LockHandle lock = template.tryLock("orders:1", options("orders")).orElseThrow();
        redis.server().pause();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> counterCount("orders", LockMeterNames.ERROR) >= 1);
            assertThatExceptionOfType(LockUnavailableException.class)
                .isThrownBy(() -> template.tryLock("orders:2", options("orders")));
        }
        finally {
            redis.server().resume();
        }
        assertThat(timerCount(LockMeterNames.ACQUIRE, "orders", LockMeterNames.ERROR)).isEqualTo(1);
        lock.close();
    }

    @Test
    void tagsMetersWithTheLockNameOnlyAndDescribesThem() {
        this.template.execute("orders:secret-customer-42", options("orders"), (lock) -> null);
        assertThat(this.registry.getMeters()).isNotEmpty().allSatisfy((meter) -> {
            assertThat(meter.getId().getDescription()).isNotBlank();
            assertThat(meter.getId().getTags()).extracting(Tag::getKey)
                .isSubsetOf(LockMeterNames.LOCK_TAG, LockMeterNames.OUTCOME_TAG);
            assertThat(meter.getId().getTags()).extracting(Tag::getValue).noneMatch((value) -> value.contains("42"));
        });
        assertThat(this.registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
            .containsExactlyInAnyOrder(LockMeterNames.ACQUIRE, LockMeterNames.HELD, LockMeterNames.ACTIVE);
    }

    @Test
    void keepsTheActiveCountAliveWithoutOtherReferences() {
        // A long lease: on a loaded machine the first acquisition may take longer than LEASE, and a
        // lock that expired before it was registered is not counted as active.
        LettuceConnectionFactory factory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(5));
        DefaultLockTemplate template = this.testRedis.template(factory, Duration.ofSeconds(30), this.listener);
        template.tryLock("orders:1", options("orders")).orElseThrow();
        assertThat(active("orders")).isEqualTo(1);
        awaitGarbageCollection();
        assertThat(active("orders")).isEqualTo(1);
    }

    /**
     * Runs the garbage collector until an object that only a weak reference reaches is collected,
     * as a gauge's state would be if nothing else referenced it. A bare {@code System.gc()} may do
     * nothing at all, and the test would then pass without testing anything.
     */
    private static void awaitGarbageCollection() {
        WeakReference<Object> sentinel = new WeakReference<>(new Object());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            System.gc();
            return sentinel.get() == null;
        });
    }

    private static LockOptions options(String name) {
        return LockOptions.builder().name(name).build();
    }

    private long timerCount(String name, String lock, String outcome) {
        return this.registry.get(name).tags(LockMeterNames.LOCK_TAG, lock, LockMeterNames.OUTCOME_TAG, outcome).timer()
            .count();
    }

    private double counterCount(String lock, String outcome) {
        var counter = this.registry.find(LockMeterNames.RENEWALS)
            .tags(LockMeterNames.LOCK_TAG, lock, LockMeterNames.OUTCOME_TAG, outcome)
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private double active(String lock) {
        return this.registry.get(LockMeterNames.ACTIVE).tag(LockMeterNames.LOCK_TAG, lock).gauge().value();
    }
}
