package io.distlock.test.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.distlock.test.redis.RedisSentinelGroup;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Sentinel group a test broke is replaced for the next test; an intact one is flushed on master and replica. */
class RedisSentinelExtensionTest {

    @Test
    void brokenGroupIsReplaced() {
        Scenarios.assertAllPass(BrokenGroup.class, 2);
    }

    @Test
    void intactGroupIsFlushedOnMasterAndReplica() {
        Scenarios.assertAllPass(IntactGroup.class, 2);
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class BrokenGroup {

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
        }
    }

    @EnabledIf("io.distlock.test.junit.Scenarios#running")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class IntactGroup {

        @RegisterExtension
        static final RedisSentinelExtension redis = RedisSentinelExtension.create();

        @Test
        @Order(1)
        void writesOnTheMasterAndSeesItOnTheReplica() {
            RedisSentinelGroup group = redis.sentinel();
            group.master().command("SET", "key", "2");
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Long.valueOf(1).equals(group.replicas().get(0).command("DBSIZE")));
        }

        @Test
        @Order(2)
        void flushedOnMasterAndReplica() {
            RedisSentinelGroup group = redis.sentinel();
            assertThat(group.master().command("DBSIZE")).isEqualTo(0L);
            assertThat(group.replicas().get(0).command("DBSIZE")).isEqualTo(0L);
        }
    }
}
