package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisClusterGroup;
import io.distlock.test.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A cluster a test broke is replaced for the next test; an intact one is flushed. */
class RedisClusterExtensionTest {

    @Test
    void brokenClusterIsReplaced() {
        Scenarios.assertAllPass(BrokenCluster.class, 2);
    }

    @Test
    void intactClusterIsFlushed() {
        Scenarios.assertAllPass(IntactCluster.class, 2);
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BrokenCluster {

        @RegisterExtension
        static final RedisClusterExtension redis = RedisClusterExtension.of(3, 0);

        private static List<String> firstAddresses;

        @Test
        @Order(1)
        void writesAndKillsANode() {
            RedisClusterGroup cluster = redis.cluster();
            firstAddresses = cluster.nodeAddresses();
            RedisServer owner = cluster.masterForSlot(RedisClusterGroup.slot("key"));
            owner.command("SET", "key", "value");
            cluster.masters().get(0).kill();
        }

        @Test
        @Order(2)
        void brokenClusterWasReplaced() {
            RedisClusterGroup cluster = redis.cluster();
            assertThat(cluster.nodeAddresses()).isNotEqualTo(firstAddresses);
            assertThat(cluster.isIntact()).isTrue();
            RedisServer owner = cluster.masterForSlot(RedisClusterGroup.slot("key"));
            assertThat(owner.command("GET", "key")).isNull();
        }
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class IntactCluster {

        @RegisterExtension
        static final RedisClusterExtension redis = RedisClusterExtension.of(3, 0);

        private static List<String> firstAddresses;

        @Test
        @Order(1)
        void writes() {
            firstAddresses = redis.cluster().nodeAddresses();
            redis.cluster().masterForSlot(RedisClusterGroup.slot("key")).command("SET", "key", "value");
        }

        @Test
        @Order(2)
        void sameClusterFlushed() {
            assertThat(redis.cluster().nodeAddresses()).isEqualTo(firstAddresses);
            RedisServer owner = redis.cluster().masterForSlot(RedisClusterGroup.slot("key"));
            assertThat(owner.command("GET", "key")).isNull();
        }
    }
}
