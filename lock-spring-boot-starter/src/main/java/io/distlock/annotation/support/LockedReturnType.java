package io.distlock.annotation.support;

import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.CollectionFactory;
import org.springframework.core.KotlinDetector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * How a locked method returns, worked out once from its declared return type: whether the lock
 * ends with the call, with a {@link CompletionStage}, with a reactive publisher or with a Kotlin
 * coroutine, and what {@link io.distlock.annotation.LockFailureAction#SKIP SKIP} returns instead of
 * running it.
 */
final class LockedReturnType {

    /** When the lock is released. */
    enum Kind {

        /** When the method returns or throws. */
        SYNC,

        /** When the returned {@link CompletionStage} completes. */
        COMPLETION_STAGE,

        /** Acquired on subscription, released on complete, error or cancel. */
        REACTIVE,

        /**
         * A Kotlin {@code suspend} function: held until its coroutine completes. Spring's proxy
         * runs the function as a {@code Mono} (a {@code Flux} when it returns a {@code Flow})
         * through the coroutine bridge and awaits that in the caller's coroutine, so the lock is
         * taken the {@link #REACTIVE} way: acquired on subscription, released when the publisher
         * completes, fails or is cancelled.
         */
        SUSPENDING
    }

    /** The classes of the coroutine bridge that Spring's proxy and {@link #SUSPENDING} rely on. */
    private static final String[] COROUTINE_BRIDGE = { "kotlinx.coroutines.reactor.MonoKt",
            "kotlin.reflect.full.KClasses" };

    private static final String FLOW = "kotlinx.coroutines.flow.Flow";

    private final Kind kind;

    private final @Nullable ReactiveAdapter reactiveAdapter;

    private final Supplier<@Nullable Object> skipValue;

    private final boolean completableFuture;

    private LockedReturnType(Kind kind, @Nullable ReactiveAdapter reactiveAdapter,
            Supplier<@Nullable Object> skipValue, boolean completableFuture) {
        this.kind = kind;
        this.reactiveAdapter = reactiveAdapter;
        this.skipValue = skipValue;
        this.completableFuture = completableFuture;
    }

    /**
     * Works out how {@code method} returns.
     * @param reactorPresent whether Reactor is on the application's class path; without it,
     * reactive return types are not adapted
     * @param coroutineBridgePresent whether {@link #coroutineBridgePresent the coroutine bridge} is on the
     * application's class path; without it (or Reactor), a {@code suspend} function is rejected
     * @throws IllegalArgumentException for a {@link Future} that is not a {@link CompletionStage}:
     * the lock could not tell when it completes; for a {@code suspend} function without Reactor or
     * the coroutine bridge: it would run unlocked
     */
    static LockedReturnType of(Method method, boolean reactorPresent, boolean coroutineBridgePresent) {
        if (KotlinDetector.isSuspendingFunction(method)) {
            return suspending(method, reactorPresent && coroutineBridgePresent);
        }
        Class<?> type = method.getReturnType();
        if (CompletionStage.class.isAssignableFrom(type)) {
            Supplier<@Nullable Object> value = emptyValue(
                    ResolvableType.forMethodReturnType(method).as(CompletionStage.class).getGeneric());
            boolean completableFuture = type.isAssignableFrom(CompletableFuture.class);
            // A CompletionStage implementation of the application's own cannot be made up: null.
            Supplier<@Nullable Object> skip = completableFuture ? () -> CompletableFuture.completedFuture(value.get())
                    : () -> null;
            return new LockedReturnType(Kind.COMPLETION_STAGE, null, skip, completableFuture);
        }
        if (Future.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("a " + type.getName() + " result cannot tell when the work is done; "
                    + "return a CompletableFuture or CompletionStage");
        }
        if (reactorPresent) {
            ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
            if (adapter != null) {
                return new LockedReturnType(Kind.REACTIVE, adapter, () -> null, false);
            }
        }
        return new LockedReturnType(Kind.SYNC, null, emptyValue(ResolvableType.forMethodReturnType(method)), false);
    }

    /**
     * Whether {@code classLoader} has what a {@code suspend} function needs to be locked until
     * its coroutine completes: {@code kotlinx-coroutines-reactor} and {@code kotlin-reflect}, with
     * which Spring's proxy turns the call into a {@code Mono}. Spring AOP checks for the bridge with
     * its own class loader: without the bridge there, the proxy would not hand the interceptor a
     * {@code Mono}.
     */
    static boolean coroutineBridgePresent(@Nullable ClassLoader classLoader) {
        for (String className : COROUTINE_BRIDGE) {
            if (!ClassUtils.isPresent(className, classLoader)
                    || !ClassUtils.isPresent(className, AopUtils.class.getClassLoader())) {
                return false;
            }
        }
        return true;
    }

    private static LockedReturnType suspending(Method method, boolean bridgePresent) {
        if (!bridgePresent) {
            throw new IllegalArgumentException("a suspend function is locked until its coroutine completes through "
                    + "Reactor and Spring's coroutine bridge, which are not on the class path; add "
                    + "io.projectreactor:reactor-core, org.jetbrains.kotlinx:kotlinx-coroutines-reactor and "
                    + "org.jetbrains.kotlin:kotlin-reflect, or remove @DistributedLock from the function");
        }
        MethodParameter kotlinReturnType = new MethodParameter(method, -1);
        boolean flow = FLOW.equals(kotlinReturnType.getParameterType().getName());
        Class<?> publisherType = ClassUtils.resolveClassName(
                flow ? "reactor.core.publisher.Flux" : "reactor.core.publisher.Mono",
                LockedReturnType.class.getClassLoader());
        ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(publisherType);
        if (adapter == null) {
            throw new IllegalArgumentException("no reactive adapter for " + publisherType.getName());
        }
        // A Flow completes empty; a value fitting the Kotlin return type, or null.
        Supplier<@Nullable Object> skip = flow ? () -> null
                : emptyValue(ResolvableType.forMethodParameter(kotlinReturnType));
        return new LockedReturnType(Kind.SUSPENDING, adapter, skip, false);
    }

    /**
     * The type of what a call of {@code method} gives the caller: its return type, or the Kotlin
     * return type of a {@code suspend} function (whose declared return type is {@code Object}),
     * primitive for a non-nullable {@code Int}, {@code Boolean} and the like, which a skipped
     * call's {@code null} would break.
     */
    static Class<?> valueType(Method method) {
        if (!KotlinDetector.isSuspendingFunction(method)) {
            return method.getReturnType();
        }
        MethodParameter kotlinReturnType = new MethodParameter(method, -1);
        Class<?> type = kotlinReturnType.getParameterType();
        return (ClassUtils.isPrimitiveWrapper(type) && !kotlinReturnType.isOptional())
                ? MethodType.methodType(type).unwrap().returnType() : type;
    }

    /**
     * The empty value of {@code type}, as a supplier so that every skipped call gets its own
     * (mutable) collection or (single-use) stream.
     */
    private static Supplier<@Nullable Object> emptyValue(ResolvableType type) {
        Class<?> raw = type.toClass();
        if (raw == Optional.class) {
            return Optional::empty;
        }
        if (raw == OptionalInt.class) {
            return OptionalInt::empty;
        }
        if (raw == OptionalLong.class) {
            return OptionalLong::empty;
        }
        if (raw == OptionalDouble.class) {
            return OptionalDouble::empty;
        }
        if (raw == Iterable.class) {
            return ArrayList::new;
        }
        if (raw == Stream.class) {
            return Stream::empty;
        }
        if (Collection.class.isAssignableFrom(raw)) {
            Class<?> elementType = type.asCollection().resolveGeneric();
            return creatable(() -> CollectionFactory.createCollection(raw, elementType, 0));
        }
        if (Map.class.isAssignableFrom(raw)) {
            Class<?> keyType = type.asMap().resolveGeneric(0);
            return creatable(() -> CollectionFactory.createMap(raw, keyType, 0));
        }
        if (raw.isArray()) {
            Class<?> componentType = raw.getComponentType();
            return () -> Array.newInstance(componentType, 0);
        }
        return () -> null;
    }

    /** {@code factory} if it works for this type (tried once, now), else a supplier of null. */
    private static Supplier<@Nullable Object> creatable(Supplier<@Nullable Object> factory) {
        try {
            factory.get();
            return factory;
        }
        catch (IllegalArgumentException ex) {
            return () -> null;
        }
    }

    Kind kind() {
        return this.kind;
    }

    /** The adapter of a {@link Kind#REACTIVE} or {@link Kind#SUSPENDING} result, else {@code null}. */
    @Nullable ReactiveAdapter reactiveAdapter() {
        return this.reactiveAdapter;
    }

    /**
     * What a call returns when acquiring failed: a failed future when the return type allows one.
     * @throws RuntimeException {@code failure} itself otherwise
     */
    Object failed(RuntimeException failure) {
        if (this.completableFuture) {
            return CompletableFuture.failedFuture(failure);
        }
        throw failure;
    }

    /** What a skipped call returns: a fresh empty value fitting the return type, or {@code null}. */
    @Nullable Object skipValue() {
        return this.skipValue.get();
    }
}
