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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import org.springframework.aop.framework.ProxyFactory;

import io.distlock.LockAcquisitionException;
import io.distlock.LockHandle;
import io.distlock.LockOptions;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.DistributedLocks;
import io.distlock.annotation.LockFailureAction;

/**
 * The interceptor through a real AOP proxy, over an in-memory lock template.
 */
class DistributedLockInterceptorTests {

    private final InMemoryLockTemplate template = new InMemoryLockTemplate();

    private final Service target = new Service();

    private Service service;

    private LockHandle heldElsewhere;

    @BeforeEach
    void proxy() {
        DistributedLockDefinitionSource source = new DistributedLockDefinitionSource(Duration.ofSeconds(1));
        DistributedLockInterceptor interceptor = new DistributedLockInterceptor(source, () -> this.template);
        ProxyFactory factory = new ProxyFactory(this.target);
        factory.setProxyTargetClass(true);
        factory.addAdvisor(new DistributedLockAdvisor(source, interceptor));
        this.service = (Service) factory.getProxy();
    }

    @AfterEach
    void releaseElsewhere() {
        if (this.heldElsewhere != null) {
            this.heldElsewhere.close();
        }
    }

    @Test
    void holdsTheLockForTheCallAndExposesItsHandle() {
        assertThat(this.service.locked("1")).isEqualTo("ran 1");
        assertThat(this.target.seen).singleElement().satisfies((handle) -> {
            assertThat(handle.key()).isEqualTo("Service.locked:1");
            assertThat(handle.isHeld()).isFalse();
        });
        assertThat(this.template.events).containsExactly("acquire:Service.locked:1", "release:Service.locked:1");
        assertThat(DistributedLocks.currentHandle()).isEmpty();
        assertThat(DistributedLocks.currentHandles()).isEmpty();
    }

    @Test
    void passesTheOptionsOfTheAnnotation() {
        this.service.locked("1");
        this.service.timed("1");
        assertThat(this.template.options).containsExactly(
                LockOptions.builder().name("Service.locked").waitTime(Duration.ZERO).build(),
                LockOptions.builder().name("timed").waitTime(Duration.ofMillis(1500)).leaseTime(Duration.ofSeconds(20))
                    .minHoldTime(Duration.ofSeconds(2)).build());
        this.service.defaults("1");
        assertThat(this.template.options.get(2).waitTime()).isEqualTo(Duration.ofSeconds(1));
        assertThat(this.template.options.get(2).leaseTime()).isNull();
    }

    @Test
    void exceptionsOfTheMethodPassThroughUnchangedAfterRelease() {
        IllegalStateException boom = new IllegalStateException("boom");
        assertThatIllegalStateException().isThrownBy(() -> this.service.fails("1", boom)).isSameAs(boom);
        assertThat(this.template.events).containsExactly("acquire:Service.fails:1", "release:Service.fails:1");
        assertThat(DistributedLocks.currentHandle()).isEmpty();
    }

    @Test
    void locksEveryKeyInSortedOrderAndReleasesInReverse() {
        List<String> keys = this.service.pair("b", "a");
        assertThat(keys).containsExactly("pair:a", "pair:b");
        assertThat(this.template.events).containsExactly("acquire:pair:a", "acquire:pair:b", "release:pair:b",
                "release:pair:a");
    }

    @Test
    void aNullKeyLocksNothing() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.service.locked(null))
            .withMessageContaining("'#id'")
            .withMessageContaining("Service.locked(String)");
        assertThat(this.template.events).isEmpty();
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void throwsWhenTheWaitRunsOut() {
        holdElsewhere("shared:k");
        assertThatExceptionOfType(LockAcquisitionException.class).isThrownBy(() -> this.service.throwing("k"))
            .withMessageContaining("shared:k");
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void skipReturnsAnEmptyValueFittingTheReturnTypeWithoutRunning() {
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
    void skippedCollectionsAreFreshAndMutable() {
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
        assertThat(this.template.isLocked("shared:k")).isTrue();
        assertThat(DistributedLocks.currentHandle()).isEmpty();
        gate.complete("done");
        assertThat(result).isCompletedWithValue("done!");
        assertThat(this.template.isLocked("shared:k")).isFalse();
    }

    @Test
    void aFailedOrCancelledFutureReleasesTheLock() {
        CompletableFuture<String> gate = new CompletableFuture<>();
        this.service.async("k", gate);
        gate.completeExceptionally(new IllegalStateException("boom"));
        assertThat(this.template.isLocked("shared:k")).isFalse();

        CompletableFuture<String> cancelled = this.service.async("k", new CompletableFuture<>());
        assertThat(this.template.isLocked("shared:k")).isTrue();
        cancelled.cancel(false);
        assertThat(this.template.isLocked("shared:k")).isFalse();
    }

    @Test
    void aFutureMethodReportsAcquisitionFailureThroughTheFuture() {
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
        assertThat(this.template.events).isEmpty();
        assertThat(this.target.calls).hasValue(0);
        StepVerifier.create(mono).then(() -> {
            await().until(() -> this.template.isLocked("shared:k"));
            assertThat(this.target.seen).hasSize(1);
            sink.tryEmitValue("v");
        }).expectNext("v").verifyComplete();
        assertThat(this.template.isLocked("shared:k")).isFalse();
        assertThat(this.template.events).containsExactly("acquire:shared:k", "release:shared:k");
    }

    @Test
    void aMonoIsLockedAgainOnEverySubscription() {
        Mono<String> mono = this.service.mono("k", Mono.just("v"));
        StepVerifier.create(mono).expectNext("v").verifyComplete();
        StepVerifier.create(mono).expectNext("v").verifyComplete();
        assertThat(this.target.calls).hasValue(2);
        assertThat(this.template.events).hasSize(4);
    }

    @Test
    void aMonoUnlocksOnErrorAndFailsWhenNotAcquired() {
        StepVerifier.create(this.service.mono("k", Mono.error(new IllegalStateException("boom"))))
            .verifyErrorMessage("boom");
        assertThat(this.template.isLocked("shared:k")).isFalse();
        holdElsewhere("shared:k");
        StepVerifier.create(this.service.monoNoWait("k")).verifyError(LockAcquisitionException.class);
    }

    @Test
    void aFluxUnlocksOnCancel() {
        Flux<Long> flux = this.service.flux("k", Flux.interval(Duration.ofMillis(10)));
        CountDownLatch first = new CountDownLatch(1);
        Disposable subscription = flux.subscribe((value) -> first.countDown());
        await().until(() -> first.getCount() == 0);
        assertThat(this.template.isLocked("shared:k")).isTrue();
        subscription.dispose();
        await().until(() -> !this.template.isLocked("shared:k"));
    }

    @Test
    void aFluxUnlocksOnComplete() {
        StepVerifier.create(this.service.flux("k", Flux.just(1L, 2L))).expectNext(1L, 2L).verifyComplete();
        assertThat(this.template.isLocked("shared:k")).isFalse();
    }

    @Test
    void aLockAcquiredForACancelledSubscriptionIsReleased() throws Exception {
        holdElsewhere("shared:k");
        Disposable waiting = this.service.mono("k", Mono.just("v")).subscribe();
        // The subscription waits (1s default wait) for the lock; cancel it, then free the lock.
        Thread.sleep(100);
        waiting.dispose();
        this.heldElsewhere.close();
        Thread.sleep(1200);
        assertThat(this.template.isLocked("shared:k")).isFalse();
        assertThat(this.target.calls).hasValue(0);
    }

    @Test
    void aMethodWithoutTheAnnotationIsNotLocked() {
        assertThat(this.service.plain()).isEqualTo("plain");
        assertThat(this.template.events).isEmpty();
    }

    private void holdElsewhere(String key) {
        // Another thread, as a lock held by this one would be the same owner.
        CompletableFuture<LockHandle> handle = CompletableFuture.supplyAsync(
                () -> this.template.tryLock(key, LockOptions.defaults()).orElseThrow());
        this.heldElsewhere = handle.orTimeout(5, TimeUnit.SECONDS).join();
    }

    static class Service {

        final AtomicInteger calls = new AtomicInteger();

        volatile List<LockHandle> seen;

        @DistributedLock(key = "#id", waitTime = "0s")
        public String locked(String id) {
            this.calls.incrementAndGet();
            this.seen = DistributedLocks.currentHandles();
            return "ran " + id;
        }

        @DistributedLock(key = "#id", name = "timed", waitTime = "1500ms", leaseTime = "PT20S", minHoldTime = "2s")
        public void timed(String id) {
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
