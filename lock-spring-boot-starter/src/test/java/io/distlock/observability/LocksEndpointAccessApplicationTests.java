package io.distlock.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Issue 13 item 4: with {@code management.endpoint.locks.access=unrestricted} (written as users
 * write it), {@code DELETE /actuator/locks/{redisKey}} force-releases a lock another instance holds,
 * and the instance waiting for it gets it. Read-only by default is checked over HTTP by
 * {@link ObservabilityApplicationTests}.
 */
class LocksEndpointAccessApplicationTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static ConfigurableApplicationContext context;

    private static String baseUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final TestRedis testRedis = new TestRedis();

    @BeforeAll
    static void startApplication() {
        context = new SpringApplicationBuilder(ObservabilityApplicationTests.ObservedApplication.class)
            .properties("server.port=0", "server.address=127.0.0.1", "spring.data.redis.host=127.0.0.1",
                    "spring.data.redis.port=" + redis.port(), "spring.data.redis.timeout=2s",
                    "management.endpoints.web.exposure.include=locks",
                    "management.endpoint.locks.access=unrestricted")
            .run();
        baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopApplication() {
        if (context != null) {
            context.close();
        }
    }

    @AfterEach
    void close() throws Exception {
        this.testRedis.close();
    }

    @Test
    void deleteForceReleasesAnotherInstancesLockAndItsWaiterGetsIt() throws Exception {
        LettuceConnectionFactory connectionFactory = this.testRedis.connectionFactory(redis.port(), Duration.ofSeconds(2));
        DefaultLockTemplate holderInstance = this.testRedis.template(connectionFactory, Duration.ofSeconds(3));
        DefaultLockTemplate waiterInstance = this.testRedis.template(connectionFactory, Duration.ofSeconds(3));
        LockHandle held = holderInstance.tryLock("reports:daily", options(Duration.ZERO)).orElseThrow();
        long subscribersBefore = releaseChannelSubscribers();
        CompletableFuture<Optional<LockHandle>> waiter = CompletableFuture
            .supplyAsync(() -> waiterInstance.tryLock("reports:daily", options(Duration.ofSeconds(60))));
        // The waiter subscribes to the release channel on its first wait: then it is waiting.
        await().atMost(Duration.ofSeconds(10)).until(() -> releaseChannelSubscribers() > subscribersBefore);
        assertThat(waiter).isNotDone();

        HttpResponse<String> response = this.http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/locks/lock:reports:daily")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.redisKey")).isEqualTo("lock:reports:daily");
        assertThat((Boolean) JsonPath.read(response.body(), "$.released")).isTrue();
        assertThat((Boolean) JsonPath.read(response.body(), "$.ownedByThisInstance")).isFalse();

        Optional<LockHandle> acquired = waiter.get(30, TimeUnit.SECONDS);
        assertThat(acquired).isPresent();
        try (LockHandle lock = acquired.get()) {
            assertThat(lock.fencingToken()).isGreaterThan(held.fencingToken());
            await().atMost(Duration.ofSeconds(5)).until(() -> !held.isHeld());
        }
        held.close();
    }

    private static long releaseChannelSubscribers() {
        List<?> numsub = (List<?>) redis.server().command("PUBSUB", "NUMSUB", "lock:__distlock:released");
        return ((Number) numsub.get(1)).longValue();
    }

    private static LockOptions options(Duration waitTime) {
        return LockOptions.builder().name("reports").waitTime(waitTime).build();
    }
}
