package io.distlock.annotation.support;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
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

    private static final Object CANCELLED = new Object();

    /** A new thread per acquisition (virtual on Java 21+), so no subscriber thread blocks. */
    private static final Executor ACQUIRING_EXECUTOR = acquiringExecutor();

    private ReactiveLocking() {
    }

    static Object lockOnSubscribe(MethodInvocation invocation, LockDefinition definition, List<String> keys,
            Supplier<LockTemplate> lockTemplate) {
        ReactiveAdapter adapter = definition.returnType().reactiveAdapter();
        Assert.state(adapter != null, "No reactive adapter");
        Mono<HeldLocks> acquire = Mono.create((sink) -> acquire(sink, lockTemplate, definition, keys));
        Function<HeldLocks, Publisher<?>> body = (held) -> invoke(invocation, held, adapter);
        Function<HeldLocks, Publisher<?>> release = (held) -> Mono.fromRunnable(held::release);
        Publisher<?> locked = adapter.isMultiValue()
                ? Flux.usingWhen(acquire, body, release, (held, error) -> release.apply(held), release)
                : Mono.usingWhen(acquire, (held) -> Mono.from(body.apply(held)), release,
                        (held, error) -> release.apply(held), release);
        return adapter.fromPublisher(locked);
    }

    /**
     * Acquires on a new thread, off the subscriber's, as the engine blocks while it waits; the
     * holds are then detached from that thread, since the publisher, not the thread, owns them. Emits the holds, nothing when skipped, or the failure. Holds acquired
     * for a subscription that was cancelled meanwhile are released.
     */
    private static void acquire(MonoSink<HeldLocks> sink, Supplier<LockTemplate> lockTemplate,
            LockDefinition definition, List<String> keys) {
        AtomicReference<Object> state = new AtomicReference<>();
        sink.onCancel(() -> {
            if (state.getAndSet(CANCELLED) instanceof HeldLocks held) {
                held.release();
            }
        });
        ACQUIRING_EXECUTOR.execute(() -> {
            try {
                HeldLocks held = HeldLocks.tryAcquire(lockTemplate.get(), definition, keys);
                if (held == null) {
                    if (definition.onFailure() == LockFailureAction.THROW) {
                        sink.error(HeldLocks.notAcquired(definition, keys));
                    }
                    else {
                        sink.success();
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
        });
    }

    private static Executor acquiringExecutor() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("distlock-acquire-");
        executor.setDaemon(true);
        if (Runtime.version().feature() >= 21) {
            executor.setVirtualThreads(true);
        }
        return executor;
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
