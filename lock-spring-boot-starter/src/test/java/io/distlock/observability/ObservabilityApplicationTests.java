package io.distlock.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.LockTemplate;
import io.distlock.event.LockLostEvent;
import io.distlock.metrics.LockMeterNames;
import io.distlock.test.junit.RedisServerExtension;

/**
 * A web application with Actuator and Prometheus, run against a password-protected
 * redis-server and observed over HTTP only: the metrics every panel of the Grafana dashboard
 * queries are scraped, the {@code locks} endpoint and the {@code distributedLock} health answer,
 * and the password appears nowhere.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityApplicationTests {

    private static final String PASSWORD = "p4ss-secret";

    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "distlock-dashboard.json");

    private static final Pattern METRIC_NAME = Pattern.compile("distributed_lock_[a-z_]+");

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension
        .standalone((builder) -> builder.config("requirepass", PASSWORD));

    private static ConfigurableApplicationContext context;

    private static String baseUrl;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> responses = new CopyOnWriteArrayList<>();

    /** One application for all tests (each uses its own lock names); Redis is flushed between them. */
    @BeforeAll
    static void startApplication() {
        context = new SpringApplicationBuilder(ObservedApplication.class).properties("server.port=0",
                "server.address=127.0.0.1", "spring.data.redis.host=127.0.0.1",
                "spring.data.redis.port=" + redis.port(), "spring.data.redis.password=" + PASSWORD,
                "spring.data.redis.timeout=2s", "distributed-lock.lease-time=900ms",
                "management.endpoints.web.exposure.include=health,locks,prometheus",
                "management.endpoint.health.show-details=always",
                "management.metrics.distribution.percentiles-histogram.distributed.lock.acquire=true")
            .run();
        baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    @AfterAll
    static void stopApplication() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void dashboardQueriesOnlyMetricsTheApplicationExports(CapturedOutput output) throws Exception {
        LockTemplate template = context.getBean(LockTemplate.class);
        for (int i = 0; i < 3; i++) {
            template.execute("orders:" + i, options("orders"), (lock) -> null);
        }
        try (LockHandle held = template.tryLock("reports:daily", options("reports")).orElseThrow()) {
            assertThat(tryLockOnAnotherThread(template, "reports:daily")).isEmpty();
            await().atMost(Duration.ofSeconds(5))
                .until(() -> renewals("reports", LockMeterNames.RENEWED) >= 1);
            LockHandle lost = template.tryLock("jobs:nightly", options("jobs")).orElseThrow();
            redis.server().command("DEL", "lock:jobs:nightly");
            await().atMost(Duration.ofSeconds(5)).until(() -> renewals("jobs", LockMeterNames.LOST) == 1);
            lost.close();

            String scrape = get("/actuator/prometheus").body();
            Set<String> exported = metricNames(scrape);
            Set<String> queried = metricNames(Files.readString(DASHBOARD));
            assertThat(queried).isNotEmpty();
            assertThat(exported).containsAll(queried);
            assertThat(scrape)
                .contains("distributed_lock_acquire_seconds_count{lock=\"orders\",outcome=\"acquired\"} 3")
                .contains("distributed_lock_acquire_seconds_count{lock=\"reports\",outcome=\"timeout\"} 1")
                .contains("distributed_lock_held_seconds_count{lock=\"orders\",outcome=\"released\"} 3")
                .contains("distributed_lock_held_seconds_count{lock=\"jobs\",outcome=\"expired\"} 1")
                .contains("distributed_lock_renewals_total{lock=\"jobs\",outcome=\"lost\"} 1")
                .contains("distributed_lock_active{lock=\"reports\"} 1")
                .contains("distributed_lock_active{lock=\"jobs\"} 0");
            assertThat(context.getBean(LostLocks.class).events).singleElement()
                .satisfies((event) -> assertThat(event.getKey()).isEqualTo("jobs:nightly"));
        }
        assertNoPassword(output);
    }

    @Test
    void locksEndpointShowsHeldLocksAndReadsRedis(CapturedOutput output) throws Exception {
        LockTemplate template = context.getBean(LockTemplate.class);
        try (LockHandle held = template.tryLock("reports:daily", options("reports")).orElseThrow()) {
            HttpResponse<String> list = get("/actuator/locks");
            assertThat(list.statusCode()).isEqualTo(200);
            List<Number> tokens = JsonPath.read(list.body(), "$.locks[?(@.redisKey == 'lock:reports:daily')].fencingToken");
            assertThat(tokens).singleElement().satisfies((token) -> assertThat(token.longValue()).isEqualTo(held.fencingToken()));
            assertThat((List<String>) JsonPath.read(list.body(), "$.locks[*].name")).containsExactly("reports");

            HttpResponse<String> one = get("/actuator/locks/lock:reports:daily");
            assertThat(one.statusCode()).isEqualTo(200);
            assertThat((Boolean) JsonPath.read(one.body(), "$.held")).isTrue();
            assertThat((Boolean) JsonPath.read(one.body(), "$.owned")).isTrue();
            assertThat(((Number) JsonPath.read(one.body(), "$.ttlMillis")).longValue()).isBetween(1L, 900L);

            assertThat(get("/actuator/locks/lock:reports:weekly").statusCode()).isEqualTo(404);
            assertThat(get("/actuator/locks/elsewhere:reports:daily").statusCode()).isEqualTo(404);

            HttpResponse<String> forceRelease = send(HttpRequest.newBuilder(uri("/actuator/locks/lock:reports:daily"))
                .DELETE().build());
            assertThat(forceRelease.statusCode()).isEqualTo(405);
            assertThat(redis.server().command("EXISTS", "lock:reports:daily")).isEqualTo(1L);
        }
        assertNoPassword(output);
    }

    @Test
    void healthFollowsRedis(CapturedOutput output) throws Exception {
        HttpResponse<String> up = get("/actuator/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat((String) JsonPath.read(up.body(), "$.components.distributedLock.status")).isEqualTo("UP");
        assertThat((Integer) JsonPath.read(up.body(), "$.components.distributedLock.details.watchedLocks")).isZero();
        redis.server().stop();
        try {
            HttpResponse<String> down = get("/actuator/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat((String) JsonPath.read(down.body(), "$.components.distributedLock.status")).isEqualTo("DOWN");
            assertThat((String) JsonPath.read(down.body(), "$.components.distributedLock.details.error")).isNotBlank();
        }
        finally {
            redis.server().restart();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> get("/actuator/health").statusCode() == 200);
        assertNoPassword(output);
    }

    private void assertNoPassword(CapturedOutput output) {
        assertThat(this.responses).isNotEmpty().allSatisfy((body) -> assertThat(body).doesNotContain(PASSWORD));
        assertThat(output).doesNotContain(PASSWORD);
    }

    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher matcher = METRIC_NAME.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
    }

    private double renewals(String lock, String outcome) {
        var counter = context.getBean(MeterRegistry.class)
            .find(LockMeterNames.RENEWALS)
            .tags(LockMeterNames.LOCK_TAG, lock, LockMeterNames.OUTCOME_TAG, outcome)
            .counter();
        return (counter != null) ? counter.count() : 0;
    }

    private static Optional<LockHandle> tryLockOnAnotherThread(LockTemplate template, String key) {
        return CompletableFuture.supplyAsync(() -> template.tryLock(key,
                LockOptions.builder().name("reports").waitTime(Duration.ofMillis(50)).build())).join();
    }

    private static LockOptions options(String name) {
        return LockOptions.builder().name(name).build();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
        this.responses.add(response.body());
        return response;
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class ObservedApplication {

        @Bean
        LostLocks lostLocks() {
            return new LostLocks();
        }
    }

    static class LostLocks implements ApplicationListener<LockLostEvent> {

        final List<LockLostEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(LockLostEvent event) {
            this.events.add(event);
        }
    }
}
