package io.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.test.junit.RedisServerExtension;
import tools.jackson.databind.JsonNode;

/**
 * The shop on a random port against a real redis-server, driven over HTTP: no overselling, one
 * charge per idempotency key, crossed transfers without deadlock, serialised config writers, lock
 * failures as problem details, and the Actuator endpoints.
 */
class ShopIntegrationTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private static final String PAYMENT = "{\"amountCents\": 1999, \"description\": \"sneakers\"}";

    private static RunningShop shop;

    @BeforeAll
    static void startShop() {
        shop = RunningShop.start(redis.port(), "--sample.payments.idempotency-window=5s");
    }

    @AfterAll
    static void stopShop() {
        if (shop != null) {
            shop.close();
        }
    }

    @Test
    void concurrentPurchasesNeverOversell() throws Exception {
        assertThat(shop.post("/api/products/concert-ticket/restock?stock=20", null).statusCode()).isEqualTo(200);

        List<HttpResponse<String>> responses = Concurrently.run(50,
                i -> shop.post("/api/orders", "{\"productId\": \"concert-ticket\", \"quantity\": 1}"));

        Map<Integer, Long> byStatus = responses.stream()
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).containsOnlyKeys(201, 409).containsEntry(201, 20L).containsEntry(409, 30L);
        for (HttpResponse<String> refused : responses.stream().filter(r -> r.statusCode() == 409).toList()) {
            assertThat(RunningShop.contentType(refused)).startsWith("application/problem+json");
            assertThat(RunningShop.json(refused).path("title").asString()).isEqualTo("Sold out");
        }
        JsonNode product = shop.getJson("/api/products/concert-ticket");
        assertThat(product.path("stock").asInt()).isZero();
        assertThat(product.path("sold").asLong()).isEqualTo(20);
        assertThat(product.path("oversold").asLong()).isZero();
    }

    @Test
    void purchaseBurstSellsExactlyTheStock() {
        JsonNode result = RunningShop.json(shop.post("/api/demo/purchase-burst?n=120&stock=30", null));

        assertThat(result.path("sold").asLong()).isEqualTo(30);
        assertThat(result.path("confirmed").asLong()).isEqualTo(30);
        assertThat(result.path("soldOut").asLong()).isEqualTo(90);
        assertThat(result.path("stock").asInt()).isZero();
        assertThat(result.path("oversold").asLong()).isZero();
        assertThat(result.path("lockTimeouts").asLong()).isZero();
    }

    @Test
    void concurrentRepeatsOfAnIdempotencyKeyChargeOnce() throws Exception {
        String key = "key-" + UUID.randomUUID();

        List<HttpResponse<String>> responses = Concurrently.run(20,
                i -> shop.post("/api/payments", PAYMENT, "Idempotency-Key", key));

        Map<Integer, Long> byStatus = responses.stream()
            .collect(Collectors.groupingBy(HttpResponse::statusCode, Collectors.counting()));
        assertThat(byStatus).containsEntry(201, 1L);
        assertThat(byStatus.keySet()).isSubsetOf(201, 409, 200);
        for (HttpResponse<String> conflict : responses.stream().filter(r -> r.statusCode() == 409).toList()) {
            assertThat(RunningShop.contentType(conflict)).startsWith("application/problem+json");
            JsonNode problem = RunningShop.json(conflict);
            assertThat(problem.path("status").asInt()).isEqualTo(409);
            assertThat(problem.path("lock").asString()).isEqualTo("payment:" + key);
        }
        assertThat(shop.getJson("/api/payments/" + key).path("charges").asLong()).isEqualTo(1);
    }

    @Test
    void aRepeatWithinTheWindowIsRefusedAndAfterItAnsweredWithTheFirstResult() {
        String key = "key-" + UUID.randomUUID();
        HttpResponse<String> first = shop.post("/api/payments", PAYMENT, "Idempotency-Key", key);
        assertThat(first.statusCode()).isEqualTo(201);
        String paymentId = RunningShop.json(first).path("payment").path("paymentId").asString();

        HttpResponse<String> repeat = shop.post("/api/payments", PAYMENT, "Idempotency-Key", key);
        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(shop.get("/actuator/locks/lock:payment:" + key).statusCode())
            .as("the key stays locked in Redis for the window").isEqualTo(200);

        HttpResponse<String> later = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
            .until(() -> shop.post("/api/payments", PAYMENT, "Idempotency-Key", key), r -> r.statusCode() != 409);
        assertThat(later.statusCode()).isEqualTo(200);
        JsonNode replayed = RunningShop.json(later);
        assertThat(replayed.path("replayed").asBoolean()).isTrue();
        assertThat(replayed.path("payment").path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(shop.getJson("/api/payments/" + key).path("charges").asLong()).isEqualTo(1);
    }

    @Test
    void aPaymentWithoutIdempotencyKeyIsABadRequest() {
        HttpResponse<String> response = shop.post("/api/payments", PAYMENT);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RunningShop.contentType(response)).startsWith("application/problem+json");
    }

    @Test
    void crossedTransfersCompleteAndKeepTheTotal() throws Exception {
        JsonNode before = shop.getJson("/api/accounts");

        List<HttpResponse<String>> responses = Concurrently.run(40, i -> shop.post("/api/transfers",
                (i % 2 == 0) ? "{\"from\": \"alice\", \"to\": \"bob\", \"amountCents\": 100}"
                        : "{\"from\": \"bob\", \"to\": \"alice\", \"amountCents\": 100}"));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        JsonNode after = shop.getJson("/api/accounts");
        assertThat(after.path("totalCents").asLong()).isEqualTo(before.path("totalCents").asLong());
        assertThat(balances(after)).isEqualTo(balances(before));

        JsonNode burst = RunningShop.json(shop.post("/api/demo/transfer-burst?n=100", null));
        assertThat(burst.path("completed").asLong()).isEqualTo(100);
        assertThat(burst.path("lockTimeouts").asLong()).isZero();
        assertThat(burst.path("totalAfterCents").asLong()).isEqualTo(burst.path("totalBeforeCents").asLong());
    }

    @Test
    void configWritersTakeTurns() throws Exception {
        List<HttpResponse<String>> responses = Concurrently.run(12,
                i -> shop.put("/api/config/banner", "{\"value\": \"banner " + i + "\"}"));

        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        List<JsonNode> revisions = new ArrayList<>(shop.getJson("/api/config").path("history").values());
        assertThat(revisions).hasSizeGreaterThanOrEqualTo(12);
        for (int i = 1; i < revisions.size(); i++) {
            JsonNode previous = revisions.get(i - 1);
            JsonNode current = revisions.get(i);
            assertThat(current.path("revision").asInt()).isEqualTo(previous.path("revision").asInt() + 1);
            assertThat(current.path("fencingToken").asLong()).isGreaterThan(previous.path("fencingToken").asLong());
        }
    }

    @Test
    void actuatorShowsHealthLocksAndMetrics() {
        shop.post("/api/orders", "{\"productId\": \"coffee-mug\", \"quantity\": 1}");

        JsonNode health = shop.getJson("/actuator/health");
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("distributedLock").path("status").asString()).isEqualTo("UP");
        assertThat(shop.getJson("/actuator/locks").path("locks").isArray()).isTrue();
        JsonNode acquired = shop.getJson("/actuator/metrics/distributed.lock.acquire?tag=outcome:acquired&tag=lock:stock");
        assertThat(count(acquired)).isGreaterThanOrEqualTo(1);
        HttpResponse<String> prometheus = shop.get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("distributed_lock_acquire_seconds_count{lock=\"stock\",outcome=\"acquired\"}");
    }

    @Test
    void thePageIsServedAtTheRoot() {
        HttpResponse<String> page = shop.get("/");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("id=\"burst\"", "id=\"sold\"", "id=\"stock\"", "id=\"oversold\"");
    }

    private static Map<String, Long> balances(JsonNode accounts) {
        return accounts.path("accounts").values().stream()
            .collect(Collectors.toMap(a -> a.path("id").asString(), a -> a.path("balanceCents").asLong()));
    }

    private static double count(JsonNode metric) {
        return metric.path("measurements").values().stream()
            .filter(m -> m.path("statistic").asString().equals("COUNT"))
            .map(m -> m.path("value").asDouble())
            .findFirst()
            .orElseThrow();
    }
}
