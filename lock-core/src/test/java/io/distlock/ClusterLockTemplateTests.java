package io.distlock;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisClusterExtension;
import io.distlock.test.redis.RedisClusterGroup;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lock contract on a three-master Redis Cluster, with Lettuce and Jedis; with Lettuce on
 * Redis 7+, releases travel over sharded pub/sub on the lock's own shard.
 */
class ClusterLockTemplateTests {

    @RegisterExtension
    static final RedisClusterExtension cluster = RedisClusterExtension.of(3, 0);

    static RedisConnectionFactory factory(boolean lettuce) {
        var configuration = RedisFactories.cluster(cluster.cluster().nodeAddresses());
        return lettuce ? RedisFactories.lettuce(configuration) : RedisFactories.jedis(configuration);
    }

    @Test
    void releasesArePublishedOnlyOnTheLocksShardWithLettuceOnRedis7() throws Exception {
        RedisConnectionFactory factory = factory(true);
        DefaultLockTemplate holder = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        DefaultLockTemplate waiter = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        try {
            cluster.cluster().nodes().forEach((node) -> node.command("CONFIG", "RESETSTAT"));
            LockHandle held = holder.tryLock("sharded", LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build())
                    .orElseThrow();
            CompletableFuture<LockHandle> next = WaitingThreads.startWaiting(() -> waiter
                    .tryLock("sharded", LockOptions.builder().waitTime(Duration.ofSeconds(30)).build()).orElseThrow());
            held.close();
            // Woken by the sharded notification long before the 60 s lease.
            next.get(10, TimeUnit.SECONDS).close();
            RedisServer owner = cluster.cluster().masterForSlot(RedisClusterGroup.slot("lock:sharded"));
            if (owner.binary().majorVersion() < 7) {
                // No sharded pub/sub before Redis 7: the release falls back to classic PUBLISH.
                assertThat(owner.info("commandstats")).contains("cmdstat_publish:");
                return;
            }
            for (RedisServer node : cluster.cluster().masters()) {
                String stats = node.info("commandstats");
                assertThat(stats).doesNotContain("cmdstat_publish:");
                if (node == owner) {
                    assertThat(stats).contains("cmdstat_spublish:");
                    assertThat(String.valueOf(node.command("PUBSUB", "SHARDCHANNELS", "lock:*"))).contains("released");
                }
                else {
                    assertThat(stats).doesNotContain("cmdstat_spublish:");
                }
            }
        }
        finally {
            holder.close();
            waiter.close();
            RedisFactories.destroy(factory);
        }
    }

    @Nested
    class Lettuce extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return factory(true);
        }
    }

    @Nested
    class Jedis extends AbstractLockTemplateTests {

        @Override
        protected RedisConnectionFactory createConnectionFactory() {
            return factory(false);
        }
    }
}
