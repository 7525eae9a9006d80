package io.distlock.annotation.support;

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

import org.springframework.core.CollectionFactory;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.core.ResolvableType;

/**
 * How a locked method returns, worked out once from its declared return type: whether the lock
 * ends with the call, with a {@link CompletionStage}, or with a reactive publisher, and what
 * {@link io.distlock.annotation.LockFailureAction#SKIP SKIP} returns instead of running it.
 */
final class LockedReturnType {

    /** When the lock is released. */
    enum Kind {

        /** When the method returns or throws. */
        SYNC,

        /** When the returned {@link CompletionStage} completes. */
        COMPLETION_STAGE,

        /** Acquired on subscription, released on complete, error or cancel. */
        REACTIVE
    }

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
     * @throws IllegalArgumentException for a {@link Future} that is not a {@link CompletionStage}:
     * the lock could not tell when it completes
     */
    static LockedReturnType of(Method method, boolean reactorPresent) {
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

    /** The adapter of a {@link Kind#REACTIVE} result, else {@code null}. */
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
