package io.distlock.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 9: with Redlock over three real redis-servers, a web application still has the
 * {@code locks} endpoint and the {@code distributedLock} health, observed over HTTP: health lists
 * every node with its credentials masked and is DOWN only when no majority answers; the endpoint
 * lists a held lock and inspects it on every node. No password appears in any response or log.
 */
@ExtendWith(OutputCaptureExtension.class)
class RedlockObservabilityApplicationTests {

    private static final String PASSWORD = "n0de-Secret";

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", PASSWORD));

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> responses = new CopyOnWriteArrayList<>();

    private ConfigurableApplicationContext context;

    private String baseUrl;

    @BeforeEach
    void startApplication() {
        this.context = new SpringApplicationBuilder(RedlockApplication.class).properties("server.port=0",
                "server.address=127.0.0.1", "management.health.redis.enabled=false",
                "distributed-lock.redlock.nodes=redis://127.0.0.1:" + node1.port() + ",redis://:" + PASSWORD
                        + "@127.0.0.1:" + node2.port() + ",redis://127.0.0.1:" + node3.port(),
                "distributed-lock.redlock.node-timeout=500ms",
                "management.endpoints.web.exposure.include=health,locks",
                "management.endpoint.health.show-details=always")
            .run();
        this.baseUrl = "http://127.0.0.1:" + this.context.getEnvironment().getProperty("local.server.port");
    }

    @AfterEach
    void stopApplication() {
        if (this.context != null) {
            this.context.close();
        }
    }

    @Test
    void rule9_healthIsUpAndListsEveryNodeWithItsCredentialsMasked(CapturedOutput output) {
        // The first check also connects to every node, which may take longer than the node timeout.
        await().atMost(Duration.ofSeconds(20)).until(() -> "UP".equals(healthStatus()) && nodesUp() == 3);
        String health = this.responses.get(this.responses.size() - 1);
        assertThat((List<String>) JsonPath.read(health, "$.details.nodes[*].node")).containsExactly(
                "redis://127.0.0.1:" + node1.port(), "redis://***@127.0.0.1:" + node2.port(),
                "redis://127.0.0.1:" + node3.port());
        assertThat((List<String>) JsonPath.read(health, "$.details.nodes[*].status")).containsOnly("UP");
        assertThat((Integer) JsonPath.read(health, "$.details.quorum")).isEqualTo(2);
        assertThat((Map<String, Object>) JsonPath.read(health, "$.details")).doesNotContainKey("degraded");
        assertNoPassword(output);
    }

    @Test
    void rule9_healthStaysUpWithOneNodeDownAndShowsItDegraded(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesUp() == 3);
        node3.server().kill();
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesUp() == 2);
        String health = this.responses.get(this.responses.size() - 1);
        assertThat((String) JsonPath.read(health, "$.status")).isEqualTo("UP");
        assertThat((Boolean) JsonPath.read(health, "$.details.degraded")).isTrue();
        assertThat((List<String>) JsonPath.read(health, "$.details.nodes[*].status")).containsExactly("UP", "UP",
                "DOWN");
        assertThat((String) JsonPath.read(health, "$.details.nodes[2].error")).isNotBlank();
        assertNoPassword(output);
    }

    @Test
    void rule9_healthIsDownWhenNoMajorityAnswers(CapturedOutput output) {
        await().atMost(Duration.ofSeconds(20)).until(() -> nodesUp() == 3);
        node1.server().kill();
        node2.server().kill();
        await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(healthStatus()));
        String health = this.responses.get(this.responses.size() - 1);
        assertThat((Integer) JsonPath.read(health, "$.details.nodesUp")).isLessThan(2);
        assertThat((List<String>) JsonPath.read(health, "$.details.nodes[*].status")).startsWith("DOWN", "DOWN");
        assertThat((String) JsonPath.read(health, "$.details.reason")).contains("Redlock nodes answered");
        assertThat(get("/actuator/health/distributedLock").statusCode()).isEqualTo(503);
        assertNoPassword(output);
    }

    @Test
    void rule9_locksEndpointListsAHeldLockAndInspectsItOnEveryNode(CapturedOutput output) {
        LockTemplate template = this.context.getBean(LockTemplate.class);
        // A wait: the first calls also connect to every node, which may take longer than the node timeout.
        try (LockHandle held = template
            .tryLock("reports:daily", LockOptions.builder().name("reports").waitTime(Duration.ofSeconds(10)).build())
            .orElseThrow()) {
            HttpResponse<String> list = get("/actuator/locks");
            assertThat(list.statusCode()).isEqualTo(200);
            assertThat((List<String>) JsonPath.read(list.body(), "$.locks[*].redisKey"))
                .containsExactly("lock:reports:daily");
            List<Number> tokens = JsonPath.read(list.body(), "$.locks[*].fencingToken");
            assertThat(tokens).singleElement()
                .satisfies((token) -> assertThat(token.longValue()).isEqualTo(held.fencingToken()));

            HttpResponse<String> one = get("/actuator/locks/lock:reports:daily");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat((Boolean) JsonPath.read(one.body(), "$.held")).isTrue();
            assertThat((Boolean) JsonPath.read(one.body(), "$.owned")).isTrue();
            assertThat((List<String>) JsonPath.read(one.body(), "$.nodes[*].node")).containsExactly(
                    "redis://127.0.0.1:" + node1.port(), "redis://***@127.0.0.1:" + node2.port(),
                    "redis://127.0.0.1:" + node3.port());
            assertThat((List<Boolean>) JsonPath.read(one.body(), "$.nodes[*].held")).containsExactly(true, true, true);
            List<Number> ttls = JsonPath.read(one.body(), "$.nodes[*].ttlMillis");
            assertThat(ttls).hasSize(3).allSatisfy((ttl) -> assertThat(ttl.longValue()).isBetween(1L, 30_000L));

            assertThat(get("/actuator/locks/lock:reports:weekly").statusCode()).isEqualTo(404);
            assertThat(get("/actuator/locks/elsewhere:reports:daily").statusCode()).isEqualTo(404);
        }
        assertNoPassword(output);
    }

    private String healthStatus() {
        HttpResponse<String> response = get("/actuator/health/distributedLock");
        return (response.statusCode() == 404) ? null : JsonPath.read(response.body(), "$.status");
    }

    private int nodesUp() {
        HttpResponse<String> response = get("/actuator/health/distributedLock");
        return (response.statusCode() == 404) ? -1 : JsonPath.read(response.body(), "$.details.nodesUp");
    }

    private void assertNoPassword(CapturedOutput output) {
        assertThat(this.responses).isNotEmpty().allSatisfy((body) -> assertThat(body).doesNotContain(PASSWORD));
        assertThat(output).doesNotContain(PASSWORD);
    }

    private HttpResponse<String> get(String path) {
        try {
            HttpResponse<String> response = this.http.send(
                    HttpRequest.newBuilder(URI.create(this.baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            this.responses.add(response.body());
            return response;
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class RedlockApplication {

    }
}
