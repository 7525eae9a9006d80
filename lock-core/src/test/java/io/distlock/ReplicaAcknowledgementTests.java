package io.distlock;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.redis.RedisReplication;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code min-replicas-acked}: an acquisition counts only once enough replicas have it, checked
 * with {@code WAIT} against a real master and replica, with Lettuce and Jedis.
 */
class ReplicaAcknowledgementTests {

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
    void lettuceAcquisitionWaitsForTheReplicaAndGivesBackWhatItDidNotGet() {
        check(RedisFactories.lettuce(RedisFactories.standalone(replication.master().port())));
    }

    @Test
    void jedisAcquisitionWaitsForTheReplicaAndGivesBackWhatItDidNotGet() {
        check(RedisFactories.jedis(RedisFactories.standalone(replication.master().port())));
    }

    private void check(RedisConnectionFactory factory) {
        RedisServer master = replication.master();
        RedisServer replica = replication.replicas().get(0);
        DefaultLockTemplate oneReplica = DefaultLockTemplate
                .builder(new RedisLockBackend(factory, "lock:", 1, Duration.ofSeconds(1))).build();
        DefaultLockTemplate twoReplicas = DefaultLockTemplate
                .builder(new RedisLockBackend(factory, "lock:", 2, Duration.ofMillis(300))).build();
        try {
            LockHandle lock = oneReplica.tryLock("replicated", LockOptions.defaults()).orElseThrow();
            assertThat(replica.command("EXISTS", "lock:replicated")).isEqualTo(1L);
            lock.close();

            assertThatThrownBy(() -> twoReplicas.tryLock("under-replicated", LockOptions.defaults()))
                    .isInstanceOf(LockUnavailableException.class).hasMessageContaining("1 of 2 replicas");
            assertThat(master.command("EXISTS", "lock:under-replicated")).isEqualTo(0L);

            replica.pause();
            try {
                assertThatThrownBy(() -> oneReplica.tryLock("replica-frozen", LockOptions.defaults()))
                        .isInstanceOf(LockUnavailableException.class).hasMessageContaining("0 of 1 replicas");
                assertThat(master.command("EXISTS", "lock:replica-frozen")).isEqualTo(0L);
            }
            finally {
                replica.resume();
            }
        }
        finally {
            oneReplica.close();
            twoReplicas.close();
            RedisFactories.destroy(factory);
        }
    }
}
