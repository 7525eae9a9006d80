package io.distlock.annotation;

/**
 * What a {@link DistributedLock} method does when its lock cannot be acquired within the wait.
 */
public enum LockFailureAction {

    /** Throw {@link io.distlock.LockAcquisitionException}. */
    THROW,

    /**
     * Return without running the method: {@code null}, {@code Optional.empty()}, or an empty
     * collection, map, array or stream, whichever fits the return type; for
     * {@code CompletionStage} a completed future of that value, for {@code Mono}/{@code Flux}
     * an empty one. Not allowed on methods returning a primitive other than {@code void}.
     */
    SKIP
}
