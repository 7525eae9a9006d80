package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClusterSlotsTest {

    @Test
    void crc16MatchesTheXmodemCheckValue() {
        byte[] bytes = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertThat(ClusterSlots.crc16(bytes, 0, bytes.length)).isEqualTo(0x31C3);
    }

    @Test
    void hashTagsFollowTheRedisRule() {
        assertThat(RedisClusterGroup.slot("{user1000}.following")).isEqualTo(RedisClusterGroup.slot("user1000"));
        assertThat(RedisClusterGroup.slot("foo{}{bar}")).isEqualTo(ClusterSlots.crc16("foo{}{bar}".getBytes(StandardCharsets.UTF_8), 0, 10) & 16383);
        assertThat(RedisClusterGroup.slot("foo{{bar}}zap")).isEqualTo(RedisClusterGroup.slot("{bar"));
        assertThat(RedisClusterGroup.slot("foo{bar}{zap}")).isEqualTo(RedisClusterGroup.slot("bar"));
        assertThat(RedisClusterGroup.slot("foo")).isEqualTo(12182);
    }
}
