package io.distlock.annotation.support;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.distlock.LockOptions;
import io.distlock.annotation.DistributedLock;
import io.distlock.annotation.LockFailureAction;

/**
 * What one {@link DistributedLock} method needs at call time, resolved and checked once at
 * start-up by {@link DistributedLockDefinitionSource}: the lock name, the parsed key expression,
 * the {@link LockOptions} and how the method returns.
 */
public final class LockDefinition {

    private final String methodDescription;

    private final String name;

    private final LockKeyExpression key;

    private final LockOptions options;

    private final LockFailureAction onFailure;

    private final LockedReturnType returnType;

    LockDefinition(String methodDescription, String name, LockKeyExpression key, LockOptions options,
            LockFailureAction onFailure, LockedReturnType returnType) {
        this.methodDescription = methodDescription;
        this.name = name;
        this.key = key;
        this.options = options;
        this.onFailure = onFailure;
        this.returnType = returnType;
    }

    /** The logical lock name: the annotation's {@code name} or {@code SimpleClassName.method}. */
    public String name() {
        return this.name;
    }

    /** The key expression as written in the annotation. */
    public String keyExpression() {
        return this.key.text();
    }

    /** The options every call of the method acquires with; their name is {@link #name()}. */
    public LockOptions options() {
        return this.options;
    }

    /** What a call does when the lock is not acquired within the wait. */
    public LockFailureAction onFailure() {
        return this.onFailure;
    }

    /** The method, for messages: {@code com.example.OrderService.place(String)}. */
    public String methodDescription() {
        return this.methodDescription;
    }

    /**
     * The template keys ({@code <name>:<value>}) that a call with {@code arguments} locks, sorted
     * and distinct.
     * @throws IllegalArgumentException when the key evaluates to null, blank or an empty collection
     */
    List<String> templateKeys(@Nullable Object[] arguments) {
        return this.key.evaluate(arguments).stream().map((value) -> this.name + ":" + value).toList();
    }

    /**
     * This definition with {@code elapsed} taken off its wait time (a zero wait still tries once),
     * for an acquisition that starts some time after the call.
     */
    LockDefinition withWaitTimeLess(Duration elapsed) {
        Duration waitTime = this.options.waitTime();
        if (elapsed.isZero() || waitTime.isZero()) {
            return this;
        }
        Duration left = waitTime.minus(elapsed);
        LockOptions options = this.options.toBuilder().waitTime(left.isNegative() ? Duration.ZERO : left).build();
        return new LockDefinition(this.methodDescription, this.name, this.key, options, this.onFailure,
                this.returnType);
    }

    LockedReturnType returnType() {
        return this.returnType;
    }

    @Override
    public String toString() {
        return "@DistributedLock(name=" + this.name + ", key=" + this.key + ", onFailure=" + this.onFailure + ") "
                + this.options + " on " + this.methodDescription;
    }
}
