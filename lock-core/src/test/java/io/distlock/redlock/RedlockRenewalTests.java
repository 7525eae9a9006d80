package io.distlock.redlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.KeyedListener;
import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.RedisFactories;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edges rule 1 on Redlock (issue 12, item 16): a frozen minority node, with a 60 s command
 * timeout, delays no renewal, and the renewals waiting for it do not pile up one thread per round.
 */
class RedlockRenewalTests {

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    @Test
    @DisplayName("rule 1: a frozen Redlock node delays no renewal and ties up one thread, not one per round")
    void rule1_frozenMinorityNodeDelaysNoRenewal() {
        Set<Thread> threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
        List<LettuceConnectionFactory> factories = new ArrayList<>();
        KeyedListener listener = new KeyedListener();
        List<RedisServer> nodes = List.of(node1.server(), node2.server(), node3.server());
        DefaultLockTemplate template = DefaultLockTemplate
                .builder(RedisFactories.redlock(nodes, Duration.ofSeconds(60), factories))
                .leaseTime(Duration.ofMillis(1500)).listener(listener).build();
        try {
            LockHandle lock = template.tryLock("renewed", LockOptions.builder().waitTime(Duration.ofSeconds(15)).build())
                    .orElseThrow();
            node1.server().pause();
            try {
                int before = listener.renewals("renewed");
                // Ten rounds of 500 ms: more than three leases.
                await().atMost(Duration.ofSeconds(20)).until(() -> listener.renewals("renewed") >= before + 10);
                assertThat(lock.isHeld()).isTrue();
                assertThat(listener.lostKeys).isEmpty();
                assertThat((Long) node2.server().command("PTTL", "lock:renewed")).isPositive();
                // The healthy nodes answer within milliseconds; a sample may catch one or two of them.
                assertThat(threadsInRenewal(threadsBefore)).as("threads in a renewal call after ten rounds")
                        .isLessThanOrEqualTo(3);
            }
            finally {
                node1.server().resume();
            }
        }
        finally {
            template.close();
            factories.forEach(LettuceConnectionFactory::destroy);
        }
    }

    private static long threadsInRenewal(Set<Thread> before) {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter((entry) -> !before.contains(entry.getKey()) && entry.getKey().getName().startsWith("distlock-"))
                .filter((entry) -> List.of(entry.getValue()).stream()
                        .anyMatch((frame) -> frame.getClassName().equals(RedisLockBackend.class.getName())
                                && frame.getMethodName().equals("renew")))
                .count();
    }
}
