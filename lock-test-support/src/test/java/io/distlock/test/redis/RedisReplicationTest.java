package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisReplicationTest {

    @Test
    void writesOnTheMasterReachTheReplica() {
        try (RedisReplication replication = RedisReplication.start(1)) {
            RedisServer master = replication.master();
            RedisServer replica = replication.replicas().get(0);
            assertThat(replica.infoField("replication", "role")).isEqualTo("slave");
            assertThat(replica.infoField("replication", "master_port")).isEqualTo(Integer.toString(master.port()));

            master.command("SET", "key", "value");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(replica.command("GET", "key")).isEqualTo("value"));
        }
    }
}
