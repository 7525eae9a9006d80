package io.distlock.annotation.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.ReflectionUtils;

import io.distlock.LockAcquisitionException;
import io.distlock.LockHandle;
import io.distlock.LockListener;
import io.distlock.LockOptions;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;
import io.distlock.annotation.LockFailureAction;
import io.distlock.engine.DefaultLockTemplate;
import io.distlock.observability.TestRedis;
import io.distlock.test.junit.RedisServerExtension;

/**
 * The interceptor through a real AOP proxy, over the real engine on a real {@code redis-server}.
 */
class DistributedLockInterceptorTests {

    @RegisterExtension
    static final RedisServerExtension redis = RedisServerExtension.standalone();

    private final TestRedis resources = new TestRedis();

    /** "acquire:key" and "release:key" as the engine reports them (outermost holds only), in order. */
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** Runs what must not be this thread: a lock this thread holds would be re-entered. */
    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor();

    private final ExecutorService work = Executors.newCachedThreadPool();

    private final Service target = new Service(this.work);

    private DistributedLockDefinitionSource source;

    private DefaultLockTemplate template;

    private StringRedisTemplate redisTemplate;

    private Service service;

    private LockHandle heldElsewhere;

    @BeforeEach
    void proxy() {
        LettuceConnectionFactory connectionFactory = this.resources.connectionFactory(redis.port(), Duration.ofSeconds(5));
        this.redisTemplate = new StringRedisTemplate(connectionFactory);
        this.template = this.resources.template(connectionFactory, Duration.ofSeconds(30), new LockListener() {

            @Override
            public void acquired(LockHandle lock, Duration waited) {
                DistributedLockInterceptorTests.this.events.add("acquire:" + lock.key());
            }

            @Override
            public void released(LockHandle lock, Duration heldFor, boolean stillOwned) {
                DistributedLockInterceptorTests.this.events.add("release:" + lock.key());
            }
        });
        this.source = new DistributedLockDefinitionSource(Duration.ofSeconds(1));
        DistributedLockInterceptor interceptor = new DistributedLockInterceptor(this.source, () -> this.template);
        ProxyFactory factory = new ProxyFactory(this.target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(new DistributedLockAdvisor(this.source, interceptor));
        this.service = (Service) factory.getProxy();
        this.target.self = this.service;
        this.target.redis = this.redisTemplate;
    }

    @AfterEach
    void releaseElsewhere() throws Exception {
        if (this.heldElsewhere != null) {
            this.elsewhere.submit(this.heldElsewhere::close).get(10, TimeUnit.SECONDS);
        }
        this.elsewhere.shutdownNow();
        this.work.shutdownNow();
        this.resources.close();
    }

    @Test
    void holdsTheLockForTheCallAndExposesItsHandle() {
        assertThat(this.service.locked("1")).isEqualTo("ran 1");
        assertThat(this.target.seen).singleElement().satisfies((handle) -> {
            assertThat(handle.key()).isEqualTo("Service.locked:1");
            assertThat(handle.isHeld()).isFalse();
        });
        assertThat(this.target.heldInRedis).isTrue();
        assertThat(isLocked("Service.locked:1")).isFalse();
        assertThat(this.events).containsExactly("acquire:Service.locked:1", "release:Service.locked:1");
        assertThat(DistributedLocks.currentHandle()).isEmpty();
        assertThat(DistributedLocks.currentHandles()).isEmpty();
    }

    @Test
    void passesTheOptionsOfTheAnnotation() throws Exception {
        assertThat(definition("locked").options())
            .isEqualTo(LockOptions.builder().name("Service.locked").waitTime(Duration.ZERO).build());
        assertThat(definition("timed").options()).isEqualTo(LockOptions.builder().name("timed")
            .waitTime(Duration.ofMillis(1500)).leaseTime(Duration.ofSeconds(20)).minHoldTime(Duration.ofSeconds(2))
            .build());
        assertThat(definition("defaults").options().waitTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(definition("defaults").options().leaseTime()).isNull();
        // What Redis makes of them: the fixed lease while the method runs, the minimum hold after it.
        this.service.timed("1");
        assertThat(this.target.ttlInside).isBetween(15_000L, 20_000L);
        assertThat(this.target.seen).singleElement().satisfies((handle) -> assertThat(handle.name()).isEqualTo("timed"));
        assertThat(this.redisTemplate.getExpire("lock:timed:1", TimeUnit.MILLISECONDS)).isBetween(1L, 2000L);
    }

    @Test
    void exceptionsOfTheMethodPassThroughUnchangedAfterRelease() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatIllegalStateException().isThrownBy(() -> this.service.fails("1", boom)).isSameAs(boom);
        assertThat(this.events).containsExactly("acquire:Service.fails:1", "release:Service.fails:1");
        assertThat(isLocked("Service.fails:1")).isFalse();
        assertThat(DistributedLocks.currentHandle()).isEmpty();
    }

    @Test
    void locksEveryKeyInSortedOrderAndReleasesInReverse() {
        List<String> keys = this.service.pair("b", "a");
        assertThat(keys).containsExactly("pair:a", "pair:b");
        assertThat(this.events).containsExactly("acquire:pair:a", "acquire:pair:b", "release:pair:b",
                "release:pair:a");
    }

    @Test
    void aNullKeyLocksNothing() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.service.locked(null))
            .withMessageContaining("'#id'")
            .withMessageContaining("Service.locked(String)");
        assertThat(this.events).isEmpty();
        assertThat(this.redisTemplate.keys("lock:*")).isEmpty();
        assertThat(this.target.calls).hasValue(0);
    }

    /** Issue 12, item 14: an identity-hash key would differ on every call, so it would never contend. */
    @Test
    void item14_aKeyWithoutItsOwnToStringIsRejectedNamingMethodExpressionAndType() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.service.objectKey(new Plain()))
            .withMessageContaining("'#key'")
            .withMessageContaining("Service.objectKey(Object)")
            .withMessageContaining(Plain.class.getName());
        assertThatIllegalArgumentException().isThrownBy(() -> this.service.objectKey(List.of("a", new Plain())))
            .withMessageContaining("'#key'")
            .withMessageContaining("element")
            .withMessageContaining(Plain.class.getName());
        assertThatIllegalArgumentException().isThrownBy(() -> this.service.objectKey(new Object[] { new int[] { 1 } }))
            .withMessageContaining("int[]");
        assertThat(this.target.calls).hasValue(0);
        assertThat(this.events).isEmpty();
        assertThat(this.redisTemplate.keys("lock:*")).isEmpty();

        UUID uuid = UUID.randomUUID();
        this.service.objectKey(new Sku("a-1"));
        this.service.objectKey(Color.RED);
        this.service.objectKey(uuid);
        this.service.objectKey(42L);
        this.service.objectKey(new StringBuilder("built"));
        this.service.objectKey(List.of('c', true, 1.5));
        assertThat(this.target.calls).hasValue(6);
        assertThat(this.events).filteredOn((event) -> event.startsWith("acquire:")).containsExactly(
                "acquire:object:Sku[value=a-1]", "acquire:object:RED", "acquire:object:" + uuid, "acquire:object:42",
                "acquire:object:built", "acquire:object:1.5", "acquire:object:c", "acquire:object:true");
    }

    @Test
    void throwsWhenTheWaitRunsOut() throws Exception {
        holdElsewhere("shared:k");
        assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> this.service.throwing("k"))
            .withMessageContaining("shared:k");
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void skipReturnsAnEmptyValueFittingTheReturnTypeWithoutRunning() throws Exception {
        holdElsewhere("shared:k");
        this.service.skipVoid("k");
        assertThat(this.service.skipObject("k")).isNull();
        assertThat(this.service.skipOptional("k")).isEmpty();
        assertThat(this.service.skipList("k")).isEmpty();
        assertThat(this.service.skipSet("k")).isEmpty();
        assertThat(this.service.skipSortedSet("k")).isEmpty();
        assertThat(this.service.skipMap("k")).isEmpty();
        assertThat(this.service.skipStream("k")).isEmpty();
        assertThat(this.service.skipArray("k")).isEmpty();
        assertThat(this.service.skipBoxed("k")).isNull();
        assertThat(this.service.skipFuture("k")).isCompletedWithValueMatching(Optional::isEmpty);
        StepVerifier.create(this.service.skipMono("k")).verifyComplete();
        StepVerifier.create(this.service.skipFlux("k")).verifyComplete();
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void skippedCollectionsAreFreshAndMutable() throws Exception {
        holdElsewhere("shared:k");
        List<String> first = this.service.skipList("k");
        first.add("x");
        assertThat(this.service.skipList("k")).isEmpty();
    }

    @Test
    void aCompletableFutureKeepsTheLockUntilItCompletes() {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> result = this.service.async("k", gate);
        assertThat(this.target.seen).hasSize(1);
        assertThat(isLocked("shared:k")).isTrue();
        assertThat(DistributedLocks.currentHandle()).isEmpty();
        gate.complete("done");
        assertThat(result).isCompletedWithValue("done!");
        assertThat(isLocked("shared:k")).isFalse();
    }

    @Test
    void aFailedFutureReleasesTheLockAndFailsTheCallersFutureWithTheSameException() {
        CompletableFuture<String> gate = new CompletableFuture<>();
        CompletableFuture<String> result = this.service.async("k", gate);
        IllegalStateException boom = new IllegalStateException("boom");
        gate.completeExceptionally(boom);
        assertThat(isLocked("shared:k")).isFalse();
        assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join).withCause(boom);
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(result::get).withCause(boom);

        CompletableFuture<String> cancelledByTheMethod = new CompletableFuture<>();
        CompletableFuture<String> second = this.service.asyncAsIs("k", cancelledByTheMethod);
        assertThat(isLocked("shared:k")).isTrue();
        cancelledByTheMethod.cancel(false);
        assertThat(isLocked("shared:k")).isFalse();
        assertThat(second).isCancelled();
    }

    /**
     * Edges rule 4: the caller's future is not the method's. Cancelling it, or letting it time out,
     * leaves the lock held in Redis until the method's own work completes.
     */
    @Test
    void rule4_cancellingOrTimingOutTheCallersFutureKeepsTheLockUntilTheWorkCompletes() throws Exception {
        CountDownLatch finishCancelled = new CountDownLatch(1);
        CompletableFuture<String> cancelled = this.service.work("k", finishCancelled);
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(cancelled).isCancelled();
        assertHeldElsewhereThan("work:k");
        assertThat(this.target.finished).hasValue(0);
        finishCancelled.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(this.target.finished).hasValue(1);
            assertThat(isLocked("work:k")).isFalse();
            assertThat(this.events).containsExactly("acquire:work:k", "release:work:k");
        });

        CountDownLatch finishTimedOut = new CountDownLatch(1);
        CompletableFuture<String> timedOut = this.service.work("k", finishTimedOut).orTimeout(50, TimeUnit.MILLISECONDS);
        await().atMost(Duration.ofSeconds(10)).until(timedOut::isCompletedExceptionally);
        assertThatExceptionOfType(ExecutionException.class).isThrownBy(timedOut::get)
            .withCauseInstanceOf(TimeoutException.class);
        assertHeldElsewhereThan("work:k");
        finishTimedOut.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("work:k"));

        // Left alone, the caller's future completes after the release, with the method's value.
        CountDownLatch finishNormally = new CountDownLatch(1);
        CompletableFuture<String> normal = this.service.work("k", finishNormally);
        finishNormally.countDown();
        assertThat(normal.get(10, TimeUnit.SECONDS)).isEqualTo("worked k");
        assertThat(isLocked("work:k")).isFalse();
        assertThat(this.target.finished).hasValue(3);
    }

    /** Edges rule 4, for a method declared to return a {@code CompletionStage}. */
    @Test
    void rule4_cancellingTheFutureOfAReturnedCompletionStageKeepsTheLock() throws Exception {
        CountDownLatch finish = new CountDownLatch(1);
        CompletionStage<String> stage = this.service.workStage("k", finish);
        assertThat(stage.toCompletableFuture().cancel(true)).isTrue();
        assertHeldElsewhereThan("work:k");
        finish.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("work:k"));
        assertThat(this.target.finished).hasValue(1);
    }

    /**
     * Edges rule 5: a synchronous method starts async work on its own lock and returns. The pooled
     * thread it ran on must not re-enter that lock on its next task while the work still holds it.
     */
    @Test
    void rule5_aPooledThreadDoesNotReenterALockItsFinishedMethodLeftToAsyncWork() throws Exception {
        ExecutorService pooled = Executors.newSingleThreadExecutor();
        try {
            CountDownLatch finish = new CountDownLatch(1);
            pooled.submit(() -> this.service.startWork("k", finish)).get(10, TimeUnit.SECONDS);
            CompletableFuture<String> started = this.target.started;
            assertThat(isLocked("work:k")).isTrue();
            assertThat(started).isNotDone();
            // The next task of the same thread: a call needing the same key, trying once.
            assertThatExceptionOfType(ExecutionException.class)
                .isThrownBy(() -> pooled.submit(() -> this.service.workNoWait("k")).get(10, TimeUnit.SECONDS))
                .withCauseInstanceOf(LockAcquisitionException.class);
            assertThat(pooled.submit(() -> DistributedLocks.currentHandles()).get(10, TimeUnit.SECONDS)).isEmpty();
            finish.countDown();
            assertThat(started.get(10, TimeUnit.SECONDS)).isEqualTo("worked k");
            await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("work:k"));
            assertThat(pooled.submit(() -> this.service.workNoWait("k")).get(10, TimeUnit.SECONDS)).isEqualTo("k");
        }
        finally {
            pooled.shutdownNow();
        }
    }

    @Test
    void aFutureMethodReportsAcquisitionFailureThroughTheFuture() throws Exception {
        holdElsewhere("shared:k");
        CompletableFuture<String> result = this.service.asyncNoWait("k");
        assertThat(result).isCompletedExceptionally();
        assertThatExceptionOfType(CompletionException.class).isThrownBy(result::join)
            .withCauseInstanceOf(LockAcquisitionException.class);
    }

    @Test
    void aMonoLocksOnSubscribeAndUnlocksOnComplete() {
        Sinks.One<String> sink = Sinks.one();
        Mono<String> mono = this.service.mono("k", sink.asMono());
        assertThat(this.events).isEmpty();
        assertThat(this.target.calls).hasValue(0);
        StepVerifier.create(mono).then(() -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> isLocked("shared:k"));
            await().atMost(Duration.ofSeconds(10)).until(() -> this.target.seen != null);
            assertThat(this.target.seen).hasSize(1);
            sink.tryEmitValue("v");
        }).expectNext("v").expectComplete().verify(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("shared:k"));
        assertThat(this.events).containsExactly("acquire:shared:k", "release:shared:k");
    }

    @Test
    void aMonoIsLockedAgainOnEverySubscription() {
        Mono<String> mono = this.service.mono("k", Mono.just("v"));
        StepVerifier.create(mono).expectNext("v").expectComplete().verify(Duration.ofSeconds(10));
        StepVerifier.create(mono).expectNext("v").expectComplete().verify(Duration.ofSeconds(10));
        assertThat(this.target.calls).hasValue(2);
        await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() == 4);
        assertThat(this.events).containsExactly("acquire:shared:k", "release:shared:k", "acquire:shared:k",
                "release:shared:k");
    }

    @Test
    void aMonoUnlocksOnErrorAndFailsWhenNotAcquired() throws Exception {
        StepVerifier.create(this.service.mono("k", Mono.error(new IllegalStateException("boom"))))
            .expectErrorMessage("boom")
            .verify(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("shared:k"));
        holdElsewhere("shared:k");
        StepVerifier.create(this.service.monoNoWait("k"))
            .expectError(LockAcquisitionException.class)
            .verify(Duration.ofSeconds(10));
    }

    @Test
    void aFluxUnlocksOnCancel() {
        Flux<Long> flux = this.service.flux("k", Flux.interval(Duration.ofMillis(10)));
        CountDownLatch first = new CountDownLatch(1);
        Disposable subscription = flux.subscribe((value) -> first.countDown());
        await().atMost(Duration.ofSeconds(10)).until(() -> first.getCount() == 0);
        assertThat(isLocked("shared:k")).isTrue();
        subscription.dispose();
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("shared:k"));
    }

    @Test
    void aFluxUnlocksOnComplete() {
        StepVerifier.create(this.service.flux("k", Flux.just(1L, 2L)))
            .expectNext(1L, 2L)
            .expectComplete()
            .verify(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(10)).until(() -> !isLocked("shared:k"));
    }

    @Test
    void aLockAcquiredForACancelledSubscriptionIsReleased() throws Exception {
        holdElsewhere("shared:k");
        Disposable waiting = this.service.monoWaiting("k", Mono.just("v")).subscribe();
        // A waiter subscribes to release notifications (this template's first): it is waiting now.
        await().atMost(Duration.ofSeconds(10))
            .until(() -> String.valueOf(redis.server().command("PUBSUB", "CHANNELS", "lock:*")).contains("released"));
        // Cancel the waiting subscription, then free the lock: the acquisition under way takes it
        // and gives it back unused.
        waiting.dispose();
        this.elsewhere.submit(this.heldElsewhere::close).get(10, TimeUnit.SECONDS);
        this.heldElsewhere = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> this.events.size() == 4);
        assertThat(this.events).containsExactly("acquire:shared:k", "release:shared:k", "acquire:shared:k",
                "release:shared:k");
        assertThat(isLocked("shared:k")).isFalse();
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void aMethodWithoutTheAnnotationIsNotLocked() {
        assertThat(this.service.plain()).isEqualTo("plain");
        assertThat(this.events).isEmpty();
    }

    private boolean isLocked(String templateKey) {
        return this.redisTemplate.hasKey(TestRedis.KEY_PREFIX + templateKey);
    }

    /** Held in Redis, and another thread of this process cannot take it. */
    private void assertHeldElsewhereThan(String templateKey) throws Exception {
        assertThat(isLocked(templateKey)).isTrue();
        assertThat(this.elsewhere.submit(() -> this.template.tryLock(templateKey, LockOptions.defaults()))
            .get(10, TimeUnit.SECONDS)).isEmpty();
    }

    private LockDefinition definition(String methodName) {
        return this.source.getDefinition(ReflectionUtils.findMethod(Service.class, methodName, String.class),
                Service.class);
    }

    private void holdElsewhere(String key) throws Exception {
        this.heldElsewhere = this.elsewhere.submit(() -> this.template.tryLock(key, LockOptions.defaults()).orElseThrow())
            .get(10, TimeUnit.SECONDS);
    }

    /** Inherits {@link Object#toString()}: every instance would be a different key. */
    static class Plain {

    }

    record Sku(String value) {
    }

    enum Color {

        RED
    }

    static class Service {

        final AtomicInteger calls = new AtomicInteger();

        final AtomicInteger finished = new AtomicInteger();

        private final ExecutorService work;

        /** The proxy, for calls from one locked method to another. */
        Service self;

        StringRedisTemplate redis;

        volatile List<LockHandle> seen;

        volatile boolean heldInRedis;

        volatile long ttlInside;

        volatile CompletableFuture<String> started;

        Service(ExecutorService work) {
            this.work = work;
        }

        @DistributedLock(key = "#id", waitTime = "0s")
        public String locked(String id) {
            this.calls.incrementAndGet();
            this.seen = DistributedLocks.currentHandles();
            this.heldInRedis = this.redis.hasKey("lock:Service.locked:" + id);
            return "ran " + id;
        }

        @DistributedLock(key = "#id", name = "timed", waitTime = "1500ms", leaseTime = "PT20S", minHoldTime = "2s")
        public void timed(String id) {
            this.seen = DistributedLocks.currentHandles();
            this.ttlInside = this.redis.getExpire("lock:timed:" + id, TimeUnit.MILLISECONDS);
        }

        @DistributedLock(key = "#key", name = "object")
        public void objectKey(Object key) {
            this.calls.incrementAndGet();
        }

        /** Locks "work:id" until its work, on another thread, has waited for {@code finish}. */
        @DistributedLock(key = "#id", name = "work")
        public CompletableFuture<String> work(String id, CountDownLatch finish) {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    finish.await(30, TimeUnit.SECONDS);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                this.finished.incrementAndGet();
                return "worked " + id;
            }, this.work);
        }

        @DistributedLock(key = "#id", name = "work")
        public CompletionStage<String> workStage(String id, CountDownLatch finish) {
            return work(id, finish);
        }

        /** Synchronous: starts {@link #work} under its own hold of the same lock and returns. */
        @DistributedLock(key = "#id", name = "work")
        public void startWork(String id, CountDownLatch finish) {
            this.started = this.self.work(id, finish);
        }

        @DistributedLock(key = "#id", name = "work", waitTime = "0s")
        public String workNoWait(String id) {
            return id;
        }

        @DistributedLock(key = "#id")
        public void defaults(String id) {
        }

        @DistributedLock(key = "#id")
        public void fails(String id, RuntimeException exception) {
            throw exception;
        }

        @DistributedLock(key = "{#a, #b}", name = "pair")
        public List<String> pair(String a, String b) {
            return DistributedLocks.currentHandles().stream().map(LockHandle::key).toList();
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s")
        public String throwing(String id) {
            this.calls.incrementAndGet();
            return id;
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public void skipVoid(String id) {
            this.calls.incrementAndGet();
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Object skipObject(String id) {
            return this.calls.incrementAndGet();
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Optional<String> skipOptional(String id) {
            return Optional.of("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public List<String> skipList(String id) {
            return List.of("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Set<String> skipSet(String id) {
            return Set.of("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public SortedSet<String> skipSortedSet(String id) {
            this.calls.incrementAndGet();
            return null;
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Map<String, Integer> skipMap(String id) {
            return Map.of("calls", this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Stream<String> skipStream(String id) {
            return Stream.of("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public String[] skipArray(String id) {
            return new String[] { "" + this.calls.incrementAndGet() };
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Integer skipBoxed(String id) {
            return this.calls.incrementAndGet();
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public CompletableFuture<Optional<String>> skipFuture(String id) {
            return CompletableFuture.completedFuture(Optional.of("" + this.calls.incrementAndGet()));
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Mono<String> skipMono(String id) {
            return Mono.just("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s", onFailure = LockFailureAction.SKIP)
        public Flux<String> skipFlux(String id) {
            return Flux.just("" + this.calls.incrementAndGet());
        }

        @DistributedLock(key = "#id", name = "shared")
        public CompletableFuture<String> async(String id, CompletableFuture<String> gate) {
            this.seen = DistributedLocks.currentHandles();
            return gate.thenApply((value) -> value + "!");
        }

        @DistributedLock(key = "#id", name = "shared")
        public CompletableFuture<String> asyncAsIs(String id, CompletableFuture<String> gate) {
            return gate;
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s")
        public CompletableFuture<String> asyncNoWait(String id) {
            return CompletableFuture.completedFuture(id);
        }

        @DistributedLock(key = "#id", name = "shared")
        public Mono<String> mono(String id, Mono<String> source) {
            this.calls.incrementAndGet();
            this.seen = DistributedLocks.currentHandles();
            return source;
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "30s")
        public Mono<String> monoWaiting(String id, Mono<String> source) {
            this.calls.incrementAndGet();
            return source;
        }

        @DistributedLock(key = "#id", name = "shared", waitTime = "0s")
        public Mono<String> monoNoWait(String id) {
            return Mono.just(id);
        }

        @DistributedLock(key = "#id", name = "shared")
        public Flux<Long> flux(String id, Flux<Long> source) {
            return source;
        }

        public String plain() {
            return "plain";
        }
    }
}
