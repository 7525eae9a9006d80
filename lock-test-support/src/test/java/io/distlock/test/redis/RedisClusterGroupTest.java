package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RedisClusterGroupTest {

    @Test
    void threeMastersServeEverySlot() {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(3, 0)) {
            assertThat(cluster.masters()).hasSize(3);
            assertThat(cluster.nodes()).hasSize(3);
            assertThat(cluster.nodeAddresses()).doesNotHaveDuplicates();
            RedisServer any = cluster.nodes().get(0);
            Map<String, String> info = InfoFields.parse((String) any.command("CLUSTER", "INFO"));
            assertThat(info).containsEntry("cluster_state", "ok").containsEntry("cluster_slots_assigned", "16384")
                    .containsEntry("cluster_known_nodes", "3");
            assertThat(coveredSlots(any)).isEqualTo(16384);

            Map<RedisServer, List<String>> keysByOwner = IntStream.range(0, 1000).mapToObj(i -> "key:" + i)
                    .collect(Collectors.groupingBy(key -> cluster.masterForSlot(RedisClusterGroup.slot(key))));
            assertThat(keysByOwner.keySet()).containsExactlyInAnyOrderElementsOf(cluster.masters());
            keysByOwner.forEach((owner, keys) -> keys.forEach(key -> assertThat(owner.command("SET", key, key)).isEqualTo("OK")));
            long total = cluster.masters().stream().mapToLong(master -> (Long) master.command("DBSIZE")).sum();
            assertThat(total).isEqualTo(1000);

            for (String key : List.of("foo", "bar", "{user1000}.following", "{user1000}.followers", "a{}b", "{}x{y}", "x{y}{z}", "ünïcødé", "")) {
                assertThat(RedisClusterGroup.slot(key)).as(key).isEqualTo(((Long) any.command("CLUSTER", "KEYSLOT", key)).intValue());
            }

            cluster.flushAll();
            assertThat(cluster.masters()).allSatisfy(master -> assertThat(master.command("DBSIZE")).isEqualTo(0L));
            assertThat(cluster.isIntact()).isTrue();
        }
    }

    @Test
    void aRestartedMasterRejoinsWithItsSlotsButWithoutData() {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(3, 0)) {
            RedisServer master = cluster.masterForSlot(RedisClusterGroup.slot("key"));
            master.command("SET", "key", "value");
            master.kill();
            master.restart();
            await().atMost(Duration.ofSeconds(20)).until(cluster::isIntact);
            assertThat(cluster.masterForSlot(RedisClusterGroup.slot("key"))).isSameAs(master);
            assertThat(master.command("GET", "key")).isNull();
        }
    }

    @Test
    void replicasAttachToTheirMasters() {
        try (RedisClusterGroup cluster = RedisClusterGroup.start(3, 1)) {
            assertThat(cluster.nodes()).hasSize(6);
            for (int i = 0; i < 3; i++) {
                RedisServer master = cluster.masters().get(i);
                RedisServer replica = cluster.replicas().get(i);
                assertThat(replica.infoField("replication", "role")).isEqualTo("slave");
                assertThat(replica.infoField("replication", "master_port")).isEqualTo(Integer.toString(master.port()));
            }
            assertThat(InfoFields.parse((String) cluster.replicas().get(0).command("CLUSTER", "INFO")))
                    .containsEntry("cluster_state", "ok").containsEntry("cluster_known_nodes", "6");
        }
    }

    private static long coveredSlots(RedisServer node) {
        return ((List<?>) node.command("CLUSTER", "SLOTS")).stream()
                .map(range -> (List<?>) range)
                .mapToLong(range -> (Long) range.get(1) - (Long) range.get(0) + 1)
                .sum();
    }
}
