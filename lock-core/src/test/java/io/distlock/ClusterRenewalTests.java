package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.LockListener.LostReason;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.spi.LockBackend.Renewal;
import io.distlock.spi.LockBackend.RenewalOutcome;
import io.distlock.spi.LockBackend.RenewalOutcome.Status;
import io.distlock.test.junit.RedisClusterExtension;
import io.distlock.test.redis.RedisBinary;
import io.distlock.test.redis.RedisClusterGroup;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edges rule 1 (issue 12, items 1 and 16): on Redis Cluster every renewal outcome reaches its own
 * lock, and a dead master delays no renewal on the other masters, whatever the command timeout.
 */
class ClusterRenewalTests {

    @RegisterExtension
    static final RedisClusterExtension cluster = RedisClusterExtension.of(3, 0);

    @Test
    @DisplayName("rule 1: of the locks in several slots, exactly the deleted and the taken one are lost")
    void rule1_eachRenewalOutcomeGoesToItsOwnLock() {
        RedisClusterGroup group = cluster.cluster();
        LettuceConnectionFactory factory = RedisFactories.lettuce(RedisFactories.cluster(group.nodeAddresses()));
        KeyedListener listener = new KeyedListener();
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:"))
                .leaseTime(Duration.ofMillis(1500)).listener(listener).build();
        try {
            // Three slots, their locks interleaved, so that requests and slot batches differ in order.
            Map<String, LockHandle> locks = new LinkedHashMap<>();
            for (int i = 0; i < 4; i++) {
                for (String tag : List.of("x", "y", "z")) {
                    String key = "{" + tag + "}" + i;
                    locks.put(key, template.tryLock(key, LockOptions.defaults()).orElseThrow());
                }
            }
            group.masterForSlot(RedisClusterGroup.slot("lock:{y}1")).command("DEL", "lock:{y}1");
            group.masterForSlot(RedisClusterGroup.slot("lock:{z}2"))
                    .command("SET", "lock:{z}2", "another-owner", "PX", "60000");

            await().atMost(Duration.ofSeconds(10)).until(() -> listener.lostKeys.size() >= 2);
            List<String> kept = new ArrayList<>(locks.keySet());
            kept.removeAll(List.of("{y}1", "{z}2"));
            Map<String, Integer> renewedBefore = new LinkedHashMap<>();
            kept.forEach((key) -> renewedBefore.put(key, listener.renewals(key)));
            // Three more rounds for every other lock: the watchdog keeps renewing each of them.
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> kept.stream().allMatch((key) -> listener.renewals(key) >= renewedBefore.get(key) + 3));

            assertThat(listener.lostKeys).containsExactlyInAnyOrder("{y}1", "{z}2");
            assertThat(listener.lostReasons).containsOnly(LostReason.NOT_OWNED);
            assertThat(locks.get("{y}1").isHeld()).isFalse();
            assertThat(locks.get("{z}2").isHeld()).isFalse();
            for (String key : kept) {
                assertThat(locks.get(key).isHeld()).as(key).isTrue();
                RedisServer master = group.masterForSlot(RedisClusterGroup.slot("lock:" + key));
                assertThat((Long) master.command("PTTL", "lock:" + key)).as(key).isPositive();
            }
            assertThat(group.masterForSlot(RedisClusterGroup.slot("lock:{z}2")).command("GET", "lock:{z}2"))
                    .isEqualTo("another-owner");
        }
        finally {
            template.close();
            factory.destroy();
        }
    }

    @Test
    @DisplayName("rule 1: RedisLockBackend.renew answers each request at its own index, whatever the slots")
    void rule1_backendAnswersEachRenewalAtItsOwnIndex() {
        RedisClusterGroup group = cluster.cluster();
        LettuceConnectionFactory factory = RedisFactories.lettuce(RedisFactories.cluster(group.nodeAddresses()));
        try {
            RedisLockBackend backend = new RedisLockBackend(factory, "lock:");
            List<Renewal> renewals = new ArrayList<>();
            for (String key : List.of("lock:{x}0", "lock:{y}0", "lock:{x}1", "lock:{z}0", "lock:{y}1")) {
                assertThat(backend.tryAcquire(key, "owner-of-" + key, 60_000).acquired()).isTrue();
                renewals.add(new Renewal(key, "owner-of-" + key, 60_000));
            }
            group.masterForSlot(RedisClusterGroup.slot("lock:{y}0")).command("DEL", "lock:{y}0");
            group.masterForSlot(RedisClusterGroup.slot("lock:{z}0")).command("SET", "lock:{z}0", "another-owner");

            assertThat(backend.renew(renewals)).extracting(RenewalOutcome::status).containsExactly(Status.RENEWED,
                    Status.NOT_OWNED, Status.RENEWED, Status.NOT_OWNED, Status.RENEWED);
            backend.close();
        }
        finally {
            factory.destroy();
        }
    }

    @Test
    @DisplayName("rule 1: a frozen master delays no renewal on the others, even with a 60 s command timeout")
    void rule1_deadMasterDelaysNoRenewalOnTheOtherMasters() {
        Duration lease = Duration.ofSeconds(3);
        // Without full coverage the healthy masters keep serving their slots while one is down.
        try (RedisClusterGroup group = RedisClusterGroup.start(RedisBinary.resolve(), 3, 0,
                (node) -> node.config("cluster-require-full-coverage", "no"))) {
            RedisServer healthy = group.masters().get(0);
            RedisServer dead = group.masters().get(1);
            List<String> healthyKeys = keysServedBy(group, healthy, 2);
            List<String> deadKeys = keysServedBy(group, dead, 2);
            LettuceConnectionFactory factory = RedisFactories.lettuce(RedisFactories.cluster(group.nodeAddresses()),
                    Duration.ofSeconds(60));
            KeyedListener listener = new KeyedListener();
            DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:"))
                    .leaseTime(lease).listener(listener).build();
            try {
                Map<String, LockHandle> locks = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    locks.put(deadKeys.get(i), template.tryLock(deadKeys.get(i), LockOptions.defaults()).orElseThrow());
                    locks.put(healthyKeys.get(i), template.tryLock(healthyKeys.get(i), LockOptions.defaults()).orElseThrow());
                }
                dead.pause();
                long pausedAt = System.nanoTime();

                // The frozen master's locks are lost once their lease has run out unrenewed.
                await().atMost(lease.plusSeconds(5)).until(() -> listener.lostKeys.size() >= 2);
                assertThat(listener.lostKeys).containsExactlyInAnyOrderElementsOf(deadKeys);
                assertThat(listener.lostReasons).containsOnly(LostReason.RENEWAL_FAILED);
                deadKeys.forEach((key) -> assertThat(locks.get(key).isHeld()).isFalse());

                // The healthy master's locks keep being renewed for well over two leases.
                Map<String, Integer> renewedBefore = new LinkedHashMap<>();
                healthyKeys.forEach((key) -> renewedBefore.put(key, listener.renewals(key)));
                await().atMost(Duration.ofSeconds(20)).until(() -> System.nanoTime() - pausedAt > lease.multipliedBy(2).toNanos()
                        && healthyKeys.stream().allMatch((key) -> listener.renewals(key) >= renewedBefore.get(key) + 3));
                for (String key : healthyKeys) {
                    assertThat(locks.get(key).isHeld()).as(key).isTrue();
                    // Set with a 3 s lease before the pause, more than 6 s ago: still there only if renewed.
                    assertThat((Long) healthy.command("PTTL", "lock:" + key)).as(key).isPositive();
                }
                assertThat(listener.lostKeys).containsExactlyInAnyOrderElementsOf(deadKeys);
            }
            finally {
                dead.resume();
                template.close();
                factory.destroy();
            }
        }
    }

    /** {@code count} keys in distinct slots that {@code master} serves. */
    private static List<String> keysServedBy(RedisClusterGroup group, RedisServer master, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count && i < 1000; i++) {
            String key = "{t" + i + "}";
            if (group.masterForSlot(RedisClusterGroup.slot("lock:" + key)) == master) {
                keys.add(key);
            }
        }
        assertThat(keys).hasSize(count);
        return keys;
    }
}
