package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisClusterGroup;
import io.distlock.test.redis.RedisServer;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisClusterExtensionTest {

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
        owner.command("SET", "key", "value");
    }

    @Test
    @Order(3)
    void intactClusterWasFlushed() {
        RedisServer owner = redis.cluster().masterForSlot(RedisClusterGroup.slot("key"));
        assertThat(owner.command("GET", "key")).isNull();
    }
}
