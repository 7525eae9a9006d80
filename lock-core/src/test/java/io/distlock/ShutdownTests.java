package io.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.distlock.engine.DefaultLockTemplate;
import io.distlock.redis.RedisLockBackend;
import io.distlock.test.junit.RedisClusterExtension;
import io.distlock.test.junit.RedisSentinelExtension;
import io.distlock.test.junit.RedisServerExtension;
import io.distlock.test.redis.RedisClusterGroup;
import io.distlock.test.redis.RedisSentinelGroup;
import io.distlock.test.redis.RedisServer;

import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Edges rule 12 (core half) and issue 12, item 2: {@link DefaultLockTemplate#close()} releases what
 * it holds at once while Redis is up, and returns within a few seconds, leaving no distlock
 * thread behind, whatever state Redis is in: standalone, Sentinel, Cluster (sharded release
 * channel) and Redlock, with a 60 s command timeout.
 */
class ShutdownTests {

    private static final Duration LONG_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration CLOSE_BOUND = Duration.ofSeconds(5);

    @RegisterExtension
    static final RedisServerExtension standalone = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisSentinelExtension sentinel = RedisSentinelExtension.create();

    @RegisterExtension
    static final RedisClusterExtension cluster = RedisClusterExtension.of(3, 0);

    @RegisterExtension
    static final RedisServerExtension node1 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node2 = RedisServerExtension.standalone();

    @RegisterExtension
    static final RedisServerExtension node3 = RedisServerExtension.standalone();

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    private final List<DefaultLockTemplate> templates = new ArrayList<>();

    private final ExecutorService waiters = Executors.newCachedThreadPool((task) -> {
        Thread thread = new Thread(task, "test-waiter");
        thread.setDaemon(true);
        return thread;
    });

    private Set<Thread> threadsBefore;

    @BeforeEach
    void rememberThreads() {
        this.threadsBefore = Set.copyOf(Thread.getAllStackTraces().keySet());
    }

    @AfterEach
    void cleanUp() {
        this.templates.forEach(DefaultLockTemplate::close);
        this.waiters.shutdownNow();
        this.factories.forEach(LettuceConnectionFactory::destroy);
    }

    @Test
    @DisplayName("rule 12: closing releases the held locks at once and wakes a waiter of another template")
    void rule12_closeReleasesHeldLocksAndWakesWaitersElsewhere() throws Exception {
        RedisServer server = standalone.server();
        DefaultLockTemplate holder = template(RedisFactories.standalone(server.port()));
        DefaultLockTemplate other = template(RedisFactories.standalone(server.port()));
        LockHandle first = holder.tryLock("handoff", LockOptions.defaults()).orElseThrow();
        LockHandle second = holder.tryLock("handoff-too", LockOptions.builder().leaseTime(Duration.ofSeconds(60)).build())
                .orElseThrow();
        CompletableFuture<Long> acquiredAt = CompletableFuture.supplyAsync(() -> {
            LockHandle lock = other.tryLock("handoff", waiting(Duration.ofSeconds(30))).orElseThrow();
            long now = System.nanoTime();
            lock.close();
            return now;
        }, this.waiters);
        await().atMost(Duration.ofSeconds(10)).until(() -> listening(server));

        long closing = System.nanoTime();
        holder.close();
        // Nobody waits for this one: it is simply gone. The other may already be the waiter's.
        assertThat(server.command("EXISTS", "lock:handoff-too")).isEqualTo(0L);
        assertThat(first.isHeld()).isFalse();
        assertThat(second.isHeld()).isFalse();
        // Rule 3 asks for 250 ms; the margin is for a loaded machine (the 30 s lease is the fallback).
        assertThat(Duration.ofNanos(acquiredAt.get(10, TimeUnit.SECONDS) - closing)).isLessThan(Duration.ofSeconds(1));
        holder.close();
    }

    @Test
    @DisplayName("rule 12: close returns within 5 s with the standalone server dead")
    void rule12_standaloneDead() throws Exception {
        RedisServer server = standalone.server();
        closesPromptlyWithRedisDead(() -> template(RedisFactories.standalone(server.port())), List.of(server), false,
                server::kill);
    }

    @Test
    @DisplayName("rule 12: close returns within 5 s with the Sentinel group dead")
    void rule12_sentinelDead() throws Exception {
        RedisSentinelGroup group = sentinel.sentinel();
        closesPromptlyWithRedisDead(
                () -> template(RedisFactories.sentinel(group.masterName(), group.sentinelAddresses())),
                List.of(group.master()), false, () -> {
                    group.master().kill();
                    group.replicas().forEach(RedisServer::kill);
                    group.sentinels().forEach(RedisServer::kill);
                });
    }

    @Test
    @DisplayName("rule 12: close returns within 5 s with every Cluster master dead (sharded release channel)")
    void rule12_clusterDead() throws Exception {
        RedisClusterGroup group = cluster.cluster();
        closesPromptlyWithRedisDead(() -> template(RedisFactories.cluster(group.nodeAddresses())), group.masters(), true,
                () -> group.nodes().forEach(RedisServer::kill));
    }

    @Test
    @DisplayName("rule 12: close returns within 5 s with two of three Redlock masters dead")
    void rule12_redlockMajorityDead() throws Exception {
        closesPromptlyWithRedisDead(this::redlockTemplate, redlockNodes(), false, () -> {
            node1.server().kill();
            node2.server().kill();
        });
    }

    @Test
    @DisplayName("issue 12 item 2: close returns within 5 s with two of three Redlock masters frozen (SIGSTOP)")
    void rule12_redlockMajorityFrozen() throws Exception {
        try {
            closesPromptlyWithRedisDead(this::redlockTemplate, redlockNodes(), false, () -> {
                node1.server().pause();
                node2.server().pause();
            });
        }
        finally {
            node1.server().resume();
            node2.server().resume();
        }
    }

    @Test
    @DisplayName("rule 12: close returns within 5 s with every Redlock master dead")
    void rule12_redlockAllDead() throws Exception {
        closesPromptlyWithRedisDead(this::redlockTemplate, redlockNodes(), false,
                () -> redlockNodes().forEach(RedisServer::kill));
    }

    /**
     * Two templates hold a lock each; one has a waiter for its lock (so its release subscription
     * runs); the servers die; then the other starts waiting (its subscription, if it gets that far,
     * starts against dead servers: the Redlock hang of issue 12, item 2). Both templates must close
     * within {@link #CLOSE_BOUND}, and no distlock thread may be left.
     */
    private void closesPromptlyWithRedisDead(Supplier<DefaultLockTemplate> templates, List<RedisServer> servers,
            boolean anyServer, Runnable kill) throws Exception {
        DefaultLockTemplate early = templates.get();
        DefaultLockTemplate late = templates.get();
        early.tryLock("held", waiting(Duration.ofSeconds(10))).orElseThrow();
        late.tryLock("held-too", waiting(Duration.ofSeconds(10))).orElseThrow();
        Future<?> earlyWaiter = this.waiters.submit(() -> early.tryLock("held", waiting(Duration.ofSeconds(60))));
        await().atMost(Duration.ofSeconds(10)).until(() -> anyServer ? servers.stream().anyMatch(ShutdownTests::listening)
                : servers.stream().allMatch(ShutdownTests::listening));

        kill.run();
        this.waiters.submit(() -> late.tryLock("held", waiting(Duration.ofSeconds(60))));
        // No positive signal is possible here (the servers are dead): give the late waiter time to
        // reach its release subscription, which is what used to hang close() forever.
        Thread.sleep(1000);

        assertTimeoutPreemptively(CLOSE_BOUND, early::close, "close() of the template holding a lock");
        assertTimeoutPreemptively(CLOSE_BOUND, late::close, "close() of the template waiting on dead servers");
        assertThatThrownBy(() -> earlyWaiter.get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(LockUnavailableException.class);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(newDistlockThreads()).isEmpty());
    }

    private List<String> newDistlockThreads() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive() && thread.getName().startsWith("distlock-") && !this.threadsBefore.contains(thread)) {
                names.add(thread.getName() + " " + List.of(thread.getStackTrace()).subList(0,
                        Math.min(8, thread.getStackTrace().length)));
            }
        }
        return names;
    }

    /** Whether some client listens for releases on {@code server} (classic or sharded channel). */
    private static boolean listening(RedisServer server) {
        List<?> numsub = (List<?>) server.command("PUBSUB", "NUMSUB", "lock:__distlock:released");
        if ((Long) numsub.get(1) > 0) {
            return true;
        }
        try {
            return !((List<?>) server.command("PUBSUB", "SHARDCHANNELS", "lock:*")).isEmpty();
        }
        catch (RuntimeException ex) {
            return false; // Redis before 7 has no sharded pub/sub
        }
    }

    private DefaultLockTemplate template(RedisConfiguration configuration) {
        LettuceConnectionFactory factory = RedisFactories.lettuce(configuration, LONG_COMMAND_TIMEOUT);
        this.factories.add(factory);
        DefaultLockTemplate template = DefaultLockTemplate.builder(new RedisLockBackend(factory, "lock:")).build();
        this.templates.add(template);
        return template;
    }

    private static List<RedisServer> redlockNodes() {
        return List.of(node1.server(), node2.server(), node3.server());
    }

    private DefaultLockTemplate redlockTemplate() {
        DefaultLockTemplate template = DefaultLockTemplate
                .builder(RedisFactories.redlock(redlockNodes(), LONG_COMMAND_TIMEOUT, this.factories)).build();
        this.templates.add(template);
        return template;
    }

    private static LockOptions waiting(Duration wait) {
        return LockOptions.builder().waitTime(wait).build();
    }
}
