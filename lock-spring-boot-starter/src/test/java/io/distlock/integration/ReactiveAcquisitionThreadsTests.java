package io.distlock.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.distlock.annotation.DistributedLock;
import io.distlock.test.junit.RedisServerExtension;

/**
 * Edges rule 8: acquiring the lock of a {@code Mono}/{@code Flux} method creates no thread per
 * subscription, on a real {@code redis-server}.
 */
@DirtiesContext
@SpringBootTest(classes = ReactiveAcquisitionThreadsTests.Application.class, webEnvironment = WebEnvironment.NONE)
class ReactiveAcquisitionThreadsTests {

    private static final int SUBSCRIPTIONS = 100;

    /**
     * Threads the JVM may start while {@link #SUBSCRIPTIONS} locked Monos run: a thread per
     * subscription would start at least {@link #SUBSCRIPTIONS}. Shared pools may grow a little
     * (Reactor's bounded elastic pool up to its cap, mostly started by the warm-up round; Lettuce's
     * event loops), and the JVM has threads of its own; a fifth of the subscriptions leaves room
     * for all of that.
     */
    private static final int MAX_STARTED_THREADS = SUBSCRIPTIONS / 5;

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    @DynamicPropertySource
    static void redisProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", redis::port);
    }

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    @Autowired
    private Locked locked;

    @Test
    void rule8_subscriptionsOnDistinctKeysStartNoThreadEach() {
        IntFunction<Mono<String>> subscription = (i) -> this.locked.run("distinct-" + i);
        runAll(subscription);
        long started = this.threads.getTotalStartedThreadCount();
        List<String> results = runAll(subscription);
        assertThat(this.threads.getTotalStartedThreadCount() - started).as("threads started")
            .isLessThanOrEqualTo(MAX_STARTED_THREADS);
        assertThat(results).doesNotHaveDuplicates().hasSize(SUBSCRIPTIONS);
    }

    @Test
    void rule8_subscriptionsWaitingForOneKeyStartNoThreadEach() {
        IntFunction<Mono<String>> subscription = (i) -> this.locked.run("contended");
        this.locked.resetMaxActive();
        runAll(subscription);
        long started = this.threads.getTotalStartedThreadCount();
        List<String> results = runAll(subscription);
        assertThat(this.threads.getTotalStartedThreadCount() - started).as("threads started")
            .isLessThanOrEqualTo(MAX_STARTED_THREADS);
        assertThat(results).hasSize(SUBSCRIPTIONS);
        // Every subscription waited its turn: the lock never had two holders.
        assertThat(this.locked.maxActive()).isEqualTo(1);
    }

    /** Subscribes to every Mono at once and waits for all of them. */
    private static List<String> runAll(IntFunction<Mono<String>> subscription) {
        List<Mono<String>> monos = IntStream.range(0, SUBSCRIPTIONS).mapToObj(subscription).toList();
        return Flux.merge(monos).collectList().block(Duration.ofSeconds(120));
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Locked.class)
    static class Application {

    }

    /**
     * A locked Mono whose body spans an asynchronous step, so that two holders of one key would
     * overlap; counts the bodies that run at once (over all keys).
     */
    static class Locked {

        private final AtomicInteger active = new AtomicInteger();

        private final AtomicInteger maxActive = new AtomicInteger();

        @DistributedLock(key = "#key", name = "rx", waitTime = "60s")
        public Mono<String> run(String key) {
            return Mono.fromRunnable(this::enter)
                .then(Mono.delay(Duration.ofMillis(1)))
                .then(Mono.fromCallable(() -> exit(key)));
        }

        private void enter() {
            this.maxActive.accumulateAndGet(this.active.incrementAndGet(), Math::max);
        }

        private String exit(String key) {
            this.active.decrementAndGet();
            return key;
        }

        int maxActive() {
            return this.maxActive.get();
        }

        void resetMaxActive() {
            this.maxActive.set(0);
        }
    }
}
