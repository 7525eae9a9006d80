package io.distlock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.redis.RedisReplication;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Edges rule 7 (issue 12, item 8): while an acquisition waits for its replica acknowledgement
 * ({@code WAIT}), the other commands of the application on the same connection factory go on.
 */
class ReplicaWaitIsolationTests {

    private static final Duration REPLICA_ACK_TIMEOUT = Duration.ofSeconds(3);

    private static RedisReplication replication;

    @BeforeAll
    static void start() {
        replication = RedisReplication.start(1);
        replication.awaitReplicaLinks(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() {
        replication.close();
    }

    @Test
    @DisplayName("rule 7: WAIT does not hold up other commands on Lettuce's shared connection")
    void rule7_lettuceWaitBlocksNoOtherCommand() throws Exception {
        check(RedisFactories.lettuce(RedisFactories.standalone(replication.master().port()), Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("rule 7: WAIT does not hold up other commands with pooled Jedis")
    void rule7_jedisWaitBlocksNoOtherCommand() throws Exception {
        check(RedisFactories.jedis(RedisFactories.standalone(replication.master().port()), Duration.ofSeconds(10)));
    }

    private void check(RedisConnectionFactory factory) throws Exception {
        RedisServer master = replication.master();
        RedisServer replica = replication.replicas().get(0);
        DefaultLockTemplate replicated = DefaultLockTemplate
                .builder(new RedisLockBackend(factory, "lock:", 1, REPLICA_ACK_TIMEOUT)).build();
        DefaultLockTemplate plain = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        try {
            redis.opsForValue().set("lock:plain-value", "there");
            replica.pause();
            try {
                CompletableFuture<Throwable> acquisition = CompletableFuture.supplyAsync(() -> {
                    try {
                        replicated.tryLock("replicated", LockOptions.defaults());
                        return null;
                    }
                    catch (RuntimeException ex) {
                        return ex;
                    }
                });
                // The master counts the client blocked in WAIT: from now on it waits its whole timeout.
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> "1".equals(master.infoField("clients", "blocked_clients")));

                long start = System.nanoTime();
                assertThat(redis.opsForValue().get("lock:plain-value")).isEqualTo("there");
                plain.tryLock("not-replicated", LockOptions.defaults()).orElseThrow().close();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertThat(took).as("a GET and a lock beside a 3 s WAIT").isLessThan(Duration.ofSeconds(1));

                assertThat(acquisition.get(15, TimeUnit.SECONDS)).isInstanceOf(LockUnavailableException.class)
                        .hasMessageContaining("0 of 1 replicas");
                assertThat(master.command("EXISTS", "lock:replicated")).isEqualTo(0L);
            }
            finally {
                replica.resume();
            }
        }
        finally {
            replicated.close();
            plain.close();
            RedisFactories.destroy(factory);
        }
    }
}
