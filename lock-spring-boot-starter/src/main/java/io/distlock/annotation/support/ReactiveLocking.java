package io.distlock.annotation.support;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ReactiveAdapter;
import org.springframework.util.Assert;

import io.distlock.LockTemplate;
import io.distlock.annotation.LockFailureAction;

/**
 * Locks a method returning a reactive type ({@code Mono}, {@code Flux} or anything the
 * {@link org.springframework.core.ReactiveAdapterRegistry} adapts): each subscription acquires the
 * lock, then invokes the method and subscribes to its result, and releases the lock when that
 * completes, fails or is cancelled. The only class that refers to Reactor; loaded only for such
 * methods, which exist only when Reactor is present.
 */
final class ReactiveLocking {

    private ReactiveLocking() {
    }

    static Object lockOnSubscribe(MethodInvocation invocation, LockDefinition definition, List<String> keys,
            Supplier<LockTemplate> lockTemplate) {
        ReactiveAdapter adapter = definition.returnType().reactiveAdapter();
        Assert.state(adapter != null, "No reactive adapter");
        // The engine blocks while it waits: off the subscriber's (possibly event-loop) thread.
        // A lock acquired for a subscription that was cancelled meanwhile is discarded: released.
        Mono<HeldLocks> acquire = Mono.fromCallable(() -> acquire(lockTemplate.get(), definition, keys))
            .subscribeOn(Schedulers.boundedElastic())
            .doOnDiscard(HeldLocks.class, HeldLocks::release);
        Function<HeldLocks, Publisher<?>> body = (held) -> invoke(invocation, held, adapter);
        Function<HeldLocks, Publisher<?>> release = (held) -> Mono.fromRunnable(held::release);
        Publisher<?> locked = adapter.isMultiValue()
                ? Flux.usingWhen(acquire, body, release, (held, error) -> release.apply(held), release)
                : Mono.usingWhen(acquire, (held) -> Mono.from(body.apply(held)), release,
                        (held, error) -> release.apply(held), release);
        return adapter.fromPublisher(locked);
    }

    /** The holds, or {@code null} (an empty {@code Mono}, so an empty result) when skipped. */
    private static @Nullable HeldLocks acquire(LockTemplate template, LockDefinition definition, List<String> keys) {
        HeldLocks held = HeldLocks.tryAcquire(template, definition, keys);
        if (held == null && definition.onFailure() == LockFailureAction.THROW) {
            throw HeldLocks.notAcquired(definition, keys);
        }
        return held;
    }

    private static Publisher<?> invoke(MethodInvocation invocation, HeldLocks held, ReactiveAdapter adapter) {
        // A fresh invocation per subscription: a MethodInvocation can be proceeded only once.
        MethodInvocation call = (invocation instanceof ProxyMethodInvocation proxyInvocation)
                ? proxyInvocation.invocableClone() : invocation;
        LockHandleStack.push(held.handles());
        try {
            Object result = call.proceed();
            return (result != null) ? adapter.toPublisher(result) : Mono.empty();
        }
        catch (Throwable ex) {
            return Mono.error(ex);
        }
        finally {
            LockHandleStack.pop();
        }
    }
}
