package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.distlock.test.redis.RedisSentinelGroup;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelExtensionTest {

    @RegisterExtension
    static final RedisSentinelExtension redis = RedisSentinelExtension.create();

    private static String firstMaster;

    @Test
    @Order(1)
    void writesAndKillsTheMaster() {
        RedisSentinelGroup group = redis.sentinel();
        firstMaster = group.currentMasterAddress();
        group.master().command("SET", "key", "1");
        group.master().kill();
    }

    @Test
    @Order(2)
    void brokenGroupWasReplaced() {
        RedisSentinelGroup group = redis.sentinel();
        assertThat(group.currentMasterAddress()).isEqualTo(group.master().address()).isNotEqualTo(firstMaster);
        assertThat(group.isIntact()).isTrue();
        assertThat(group.master().command("GET", "key")).isNull();
        group.master().command("SET", "key", "2");
    }

    @Test
    @Order(3)
    void intactGroupWasFlushedOnMasterAndReplica() {
        RedisSentinelGroup group = redis.sentinel();
        assertThat(group.master().command("DBSIZE")).isEqualTo(0L);
        assertThat(group.replicas().get(0).command("DBSIZE")).isEqualTo(0L);
    }
}
