package io.distlock.actuate.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.actuate.endpoint.LocksEndpoint.ForcedReleaseDescriptor;
import io.distlock.actuate.endpoint.LocksEndpoint.HeldLockDescriptor;
import io.distlock.actuate.endpoint.LocksEndpoint.RedisLockDescriptor;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The {@code locks} endpoint against a real redis-server; a second template on the same server
 * stands for another application instance.
 */
class LocksEndpointTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    /**
     * Long enough that a first acquisition on a loaded machine (it also connects) does not outlast it;
     * short enough that the watchdog (every second) finds a force-released lock lost within the await.
     */
    private static final Duration LEASE = Duration.ofSeconds(3);

    private final TestRedis testRedis = new TestRedis();

    private LettuceConnectionFactory connectionFactory;

    private DefaultLockTemplate template;

    private DefaultLockTemplate otherInstance;

    private LocksEndpoint endpoint;

    @BeforeEach
    void createEndpoint() {
        this.connectionFactory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2));
        this.template = this.testRedis.template(this.connectionFactory, LEASE);
        this.otherInstance = this.testRedis.template(this.connectionFactory, LEASE);
        this.endpoint = new LocksEndpoint(this.template, this.connectionFactory,
                new RedisLockBackend(this.connectionFactory, TestRedis.KEY_PREFIX));
    }

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void listsTheLocksThisInstanceHolds() {
        assertThat(this.endpoint.locks().locks()).isEmpty();
        try (LockHandle lock = this.template.tryLock("orders:42", options("orders")).orElseThrow();
                LockHandle other = this.otherInstance.tryLock("orders:43", options("orders")).orElseThrow()) {
            assertThat(this.endpoint.locks().locks()).singleElement().satisfies((held) -> {
                assertThat(held.name()).isEqualTo("orders");
                assertThat(held.key()).isEqualTo("orders:42");
                assertThat(held.redisKey()).isEqualTo("lock:orders:42");
                assertThat(held.fencingToken()).isEqualTo(lock.fencingToken());
                assertThat(held.heldForMillis()).isBetween(0L, 5_000L);
                assertThat(held.expiresInMillis()).isBetween(1L, LEASE.toMillis());
                assertThat(held.watchdog()).isTrue();
            });
        }
        assertThat(this.endpoint.locks().locks()).isEmpty();
    }

    @Test
    void showsALockThisInstanceOwnsInRedis() {
        try (LockHandle lock = this.template.tryLock("orders:42", options("orders")).orElseThrow()) {
            RedisLockDescriptor descriptor = this.endpoint.lock(path("lock:orders:42"));
            assertThat(descriptor).isNotNull();
            assertThat(descriptor.redisKey()).isEqualTo("lock:orders:42");
            assertThat(descriptor.held()).isTrue();
            assertThat(descriptor.ttlMillis()).isBetween(1L, LEASE.toMillis());
            assertThat(descriptor.owned()).isTrue();
            assertThat(descriptor.lock()).extracting(HeldLockDescriptor::fencingToken).isEqualTo(lock.fencingToken());
        }
        assertThat(this.endpoint.lock(path("lock:orders:42"))).isNull();
    }

    @Test
    void showsALockAnotherInstanceOwns() {
        try (LockHandle lock = this.otherInstance.tryLock("orders:42", options("orders")).orElseThrow()) {
            RedisLockDescriptor descriptor = this.endpoint.lock(path("lock:orders:42"));
            assertThat(descriptor).isNotNull();
            assertThat(descriptor.held()).isTrue();
            assertThat(descriptor.ttlMillis()).isPositive();
            assertThat(descriptor.owned()).isFalse();
            assertThat(descriptor.lock()).isNull();
        }
    }

    @Test
    void findsNothingForKeysThatAreNotHeldOrNotLockKeys() {
        redis.server().command("SET", "other:orders:42", "x");
        try (LockHandle lock = this.template.tryLock("orders:42", options("orders")).orElseThrow()) {
            assertThat(this.endpoint.lock(path("lock:orders:43"))).isNull();
            assertThat(this.endpoint.lock(path("other:orders:42"))).isNull();
            assertThat(this.endpoint.lock(path("lock:"))).isNull();
            List<?> fenceCounters = (List<?>) redis.server().command("KEYS", "lock:__distlock:fence:*");
            assertThat(fenceCounters).isNotEmpty();
            assertThat(this.endpoint.lock(path((String) fenceCounters.get(0)))).isNull();
        }
    }

    @Test
    void readsKeysContainingSlashesFromTheirPathSegments() {
        try (LockHandle lock = this.template.tryLock("files/2024/report.pdf", options("files")).orElseThrow()) {
            RedisLockDescriptor descriptor = this.endpoint.lock(new String[] { "lock:files", "2024", "report.pdf" });
            assertThat(descriptor).isNotNull();
            assertThat(descriptor.redisKey()).isEqualTo("lock:files/2024/report.pdf");
            assertThat(descriptor.owned()).isTrue();
        }
    }

    @Test
    void forceReleaseDeletesTheKeyAndTheOwnerFindsItLost() {
        LocksEndpoint forceRelease = this.endpoint;
        LockHandle lock = this.template.tryLock("orders:42", options("orders")).orElseThrow();
        ForcedReleaseDescriptor released = forceRelease.release(path("lock:orders:42"));
        assertThat(released.redisKey()).isEqualTo("lock:orders:42");
        assertThat(released.released()).isTrue();
        assertThat(released.ownedByThisInstance()).isTrue();
        assertThat(forceRelease.lock(path("lock:orders:42"))).isNull();
        assertThat(this.otherInstance.tryLock("orders:42", options("orders"))).isPresent();
        assertThat(forceRelease.release(path("lock:orders:43")).released()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> !lock.isHeld());
        assertThat(forceRelease.release(path("lock:orders:44")).released()).isFalse();
        lock.close();
    }

    /**
     * Issue 13 item 4: force-release frees a lock another instance holds (its watchdog keeps it from
     * ever expiring) and wakes the instance waiting for it, long before the waiter's wait time.
     */
    @Test
    void forceReleaseOfAnotherInstancesLockWakesItsWaiter() throws Exception {
        DefaultLockTemplate waiterInstance = this.testRedis.template(this.connectionFactory, LEASE);
        LockHandle held = this.otherInstance.tryLock("orders:42", options("orders")).orElseThrow();
        long subscribersBefore = releaseChannelSubscribers();
        CompletableFuture<Optional<LockHandle>> waiter = CompletableFuture.supplyAsync(() -> waiterInstance
            .tryLock("orders:42", LockOptions.builder().name("orders").waitTime(Duration.ofSeconds(60)).build()));
        // The waiter subscribes to the release channel on its first wait: then it is waiting.
        await().atMost(Duration.ofSeconds(10)).until(() -> releaseChannelSubscribers() > subscribersBefore);
        assertThat(waiter).isNotDone();
        ForcedReleaseDescriptor released = this.endpoint.release(path("lock:orders:42"));
        assertThat(released.released()).isTrue();
        assertThat(released.ownedByThisInstance()).isFalse();
        Optional<LockHandle> acquired = waiter.get(30, TimeUnit.SECONDS);
        assertThat(acquired).isPresent();
        try (LockHandle lock = acquired.get()) {
            assertThat(lock.fencingToken()).isGreaterThan(held.fencingToken());
            await().atMost(Duration.ofSeconds(5)).until(() -> !held.isHeld());
        }
        held.close();
    }

    private static long releaseChannelSubscribers() {
        List<?> numsub = (List<?>) redis.server().command("PUBSUB", "NUMSUB", "lock:__distlock:released");
        return ((Number) numsub.get(1)).longValue();
    }

    @Test
    void forceReleaseRefusesKeysThatAreNotLockKeys() {
        LocksEndpoint forceRelease = this.endpoint;
        redis.server().command("SET", "other:orders:42", "x");
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> forceRelease.release(path("other:orders:42")));
        assertThatExceptionOfType(InvalidEndpointRequestException.class)
            .isThrownBy(() -> forceRelease.release(path("lock:__distlock:released")));
        assertThat(redis.server().command("EXISTS", "other:orders:42")).isEqualTo(1L);
    }

    private static String[] path(String redisKey) {
        return new String[] { redisKey };
    }

    private static LockOptions options(String name) {
        return LockOptions.builder().name(name).build();
    }
}
