package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisSentinelGroupTest {

    @Test
    void killingTheMasterPromotesTheReplica() {
        try (RedisSentinelGroup group = RedisSentinelGroup.start()) {
            assertThat(group.masterName()).isEqualTo("mymaster");
            assertThat(group.sentinels()).hasSize(3);
            assertThat(group.sentinelAddresses()).allMatch(address -> address.startsWith("127.0.0.1:")).doesNotHaveDuplicates();
            assertThat(group.currentMasterAddress()).isEqualTo(group.master().address());
            assertThat(group.isIntact()).isTrue();
            RedisServer sentinel = group.sentinels().get(2);
            assertThat(sentinel.isSentinel()).isTrue();
            sentinel.stop();
            assertThat(sentinel.isRunning()).isFalse();
            sentinel.restart();
            assertThat(sentinel.command("PING")).isEqualTo("PONG");
            assertThat(group.currentMasterAddress()).isEqualTo(group.master().address());

            group.master().kill();
            RedisServer promoted = group.awaitFailover(Duration.ofSeconds(30));

            assertThat(promoted).isSameAs(group.replicas().get(0));
            assertThat(((List<?>) promoted.command("ROLE")).get(0)).isEqualTo("master");
            assertThat(group.currentMasterAddress()).isEqualTo(promoted.address());
            assertThat(group.isIntact()).isFalse();
        }
    }
}
