package io.distlock.annotation.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Schedulers;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ReactiveAdapter;
import org.springframework.util.Assert;

import io.distlock.LockTemplate;
import io.distlock.annotation.LockFailureAction;
import io.distlock.annotation.context.LockHandleStack;

/**
 * Locks a method returning a reactive type ({@code Mono}, {@code Flux} or anything the
 * {@link org.springframework.core.ReactiveAdapterRegistry} adapts): each subscription acquires the
 * lock, then invokes the method and subscribes to its result, and releases the lock when that
 * completes, fails or is cancelled. Kotlin {@code suspend} functions come here too: Spring's proxy
 * runs one as a {@code Mono} (a {@code Flux} when it returns a {@code Flow}) and awaits that in the
 * caller's coroutine. The only class that refers to Reactor; loaded only for such methods, which
 * exist only when Reactor is present.
 */
final class ReactiveLocking {

    private static final Object CANCELLED = new Object();

    /** What the acquisition of a skipped subscription emits: the method is not invoked. */
    private static final Object SKIPPED = new Object();

    private ReactiveLocking() {
    }

    static Object lockOnSubscribe(MethodInvocation invocation, LockDefinition definition, List<String> keys,
            Supplier<LockTemplate> lockTemplate) {
        ReactiveAdapter adapter = definition.returnType().reactiveAdapter();
        Assert.state(adapter != null, "No reactive adapter");
        Mono<Object> acquire = Mono.create((sink) -> acquire(sink, lockTemplate, definition, keys));
        Function<Object, Publisher<?>> body = (acquired) -> (acquired instanceof HeldLocks held)
                ? invoke(invocation, held, adapter) : Mono.justOrEmpty(definition.returnType().skipValue());
        Function<Object, Publisher<?>> release = (acquired) -> (acquired instanceof HeldLocks held)
                ? Mono.fromRunnable(held::release) : Mono.empty();
        Publisher<?> locked = adapter.isMultiValue()
                ? Flux.usingWhen(acquire, body, release, (acquired, error) -> release.apply(acquired), release)
                : Mono.usingWhen(acquire, (acquired) -> Mono.from(body.apply(acquired)), release,
                        (acquired, error) -> release.apply(acquired), release);
        return adapter.fromPublisher(locked);
    }

    /**
     * Acquires on Reactor's bounded elastic scheduler, off the subscriber's thread, as the engine
     * blocks while it waits (never on the subscriber's thread, which may be an event loop, even a
     * Redis client's own); its threads are shared, reused and capped, so a subscription starts no
     * thread of its own. Beyond the cap, acquisitions queue: the wait is counted from the
     * subscription, so queueing does not lengthen it. The holds are then detached from the
     * acquiring thread, since the publisher, not the thread, owns them. Emits the holds,
     * {@link #SKIPPED}, or the failure. A subscription cancelled before its turn acquires nothing;
     * holds acquired for one cancelled meanwhile are released.
     */
    private static void acquire(MonoSink<Object> sink, Supplier<LockTemplate> lockTemplate,
            LockDefinition definition, List<String> keys) {
        long subscribed = System.nanoTime();
        AtomicReference<Object> state = new AtomicReference<>();
        sink.onCancel(() -> {
            if (state.getAndSet(CANCELLED) instanceof HeldLocks held) {
                held.release();
            }
        });
        try {
            Schedulers.boundedElastic().schedule(() -> acquireBlocking(sink, state, lockTemplate, definition, keys,
                    subscribed));
        }
        catch (RejectedExecutionException ex) {
            sink.error(ex);
        }
    }

    private static void acquireBlocking(MonoSink<Object> sink, AtomicReference<Object> state,
            Supplier<LockTemplate> lockTemplate, LockDefinition definition, List<String> keys, long subscribed) {
        if (state.get() == CANCELLED) {
            return;
        }
        try {
            Duration waited = Duration.ofNanos(System.nanoTime() - subscribed);
            HeldLocks held = HeldLocks.tryAcquire(lockTemplate.get(), definition.withWaitTimeLess(waited), keys);
            if (held == null) {
                if (definition.onFailure() == LockFailureAction.THROW) {
                    sink.error(HeldLocks.notAcquired(definition, keys));
                }
                else {
                    sink.success(SKIPPED);
                }
            }
            else if (state.compareAndSet(null, held)) {
                held.detachFromThread();
                sink.success(held);
            }
            else {
                held.release();
            }
        }
        catch (Throwable ex) {
            sink.error(ex);
        }
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
