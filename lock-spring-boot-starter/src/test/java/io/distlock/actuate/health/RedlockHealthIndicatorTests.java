package io.distlock.actuate.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import io.distlock.observability.TestRedis;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 9: the Redlock health against real redis-servers, one of which wants a password: a
 * node that rejects the password or does not answer in time is shown DOWN, without the password,
 * and the check does not wait for the client's command timeout.
 */
class RedlockHealthIndicatorTests {

    private static final String PASSWORD = "n0de-Secret";

    private static final Duration NODE_TIMEOUT = Duration.ofMillis(500);

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", PASSWORD));

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final TestRedis testRedis = new TestRedis();

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void rule9_aNodeThatRejectsThePasswordIsDownWithoutThePasswordAndTheMajorityKeepsItUp() {
        RedlockHealthIndicator indicator = indicator(PASSWORD + "-wrong");
        Health health = await().atMost(Duration.ofSeconds(20)).until(indicator::health,
                (candidate) -> (Integer) candidate.getDetails().get("nodesUp") == 2);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("degraded", true).containsEntry("quorum", 2);
        List<Map<String, Object>> nodes = nodes(health);
        assertThat(nodes).extracting((node) -> node.get("status")).containsExactly("UP", "DOWN", "UP");
        assertThat((String) nodes.get(1).get("error")).isNotBlank();
        assertThat(health.toString()).doesNotContain(PASSWORD);
    }

    @Test
    void rule9_aPausedNodeIsDownAfterTheNodeTimeoutNotTheCommandTimeout() {
        RedlockHealthIndicator indicator = indicator(PASSWORD);
        await().atMost(Duration.ofSeconds(20)).until(() -> (Integer) indicator.health().getDetails().get("nodesUp") == 3);
        node1.server().pause();
        node3.server().pause();
        try {
            long start = System.nanoTime();
            Health health = indicator.health();
            // The command timeout is 10 s; the node timeout 500 ms, plus margin for a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(nodes(health)).extracting((node) -> node.get("status")).containsExactly("DOWN", "UP", "DOWN");
            assertThat((String) nodes(health).get(0).get("error")).contains("No answer within 500 ms");
        }
        finally {
            node1.server().resume();
            node3.server().resume();
        }
    }

    private RedlockHealthIndicator indicator(String node2Password) {
        Duration commandTimeout = Duration.ofSeconds(10);
        Map<String, RedisConnectionFactory> nodes = new LinkedHashMap<>();
        nodes.put("redis://127.0.0.1:" + node1.port(), this.testRedis.connectionFactory(node1.port(), commandTimeout));
        nodes.put("redis://***@127.0.0.1:" + node2.port(),
                this.testRedis.connectionFactory(node2.port(), node2Password, commandTimeout));
        nodes.put("redis://127.0.0.1:" + node3.port(), this.testRedis.connectionFactory(node3.port(), commandTimeout));
        return new RedlockHealthIndicator(nodes, 2, NODE_TIMEOUT, null, new SecretMasker(List.of(node2Password)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> nodes(Health health) {
        return (List<Map<String, Object>>) health.getDetails().get("nodes");
    }
}
